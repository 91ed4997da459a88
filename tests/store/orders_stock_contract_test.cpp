// The Store contract for orders and stock (store/store.h), on every backend: placing orders
// (stock taken, refusals that change nothing, idempotency), the order life cycle, and stock
// adjustments, counts and movements. The rest of the contract is in store_contract_test.cpp.
#include <algorithm>
#include <set>
#include <vector>

#include "store/contract_fixtures.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

// ------------------------------------------------------------------ placing orders

TEST_P(StoreContract, PlaceOrderTakesStockWritesLinesMovementsAndOutbox) {
  Location wh = add_location(*store_, "WH1");
  Customer cu = add_customer(*store_, "ann");
  Product p = add_product(*store_, "SKU-1", 10.0);
  Product q = add_product(*store_, "SKU-2", 4.0);
  set_on_hand(*store_, p.id, wh.id, 10);
  set_on_hand(*store_, q.id, wh.id, 5);

  OrderRequest r;
  r.customer_id = cu.id;
  r.channel = "phone";
  r.placed_at = 1700000000;
  r.lines = {{"SKU-1", 3, std::nullopt, 5.0}, {"SKU-2", 2, 3.5, 0.0}};
  PlacedOrder placed = must(store_->place_order(r));
  EXPECT_FALSE(placed.replayed);
  const Order& o = placed.order;
  EXPECT_GT(o.id, 0);
  EXPECT_EQ(o.status, OrderStatus::kPlaced);
  EXPECT_EQ(o.location_id, wh.id);
  ASSERT_EQ(o.lines.size(), 2u);
  EXPECT_DOUBLE_EQ(o.lines[0].unit_price, 10.0);  // the product's price by default
  EXPECT_DOUBLE_EQ(o.lines[1].unit_price, 3.5);
  EXPECT_DOUBLE_EQ(o.total(), 3 * 10.0 - 5.0 + 2 * 3.5);

  Order stored = must(store_->get_order(o.id));
  EXPECT_EQ(stored.customer_id, cu.id);
  EXPECT_EQ(stored.channel, "phone");
  EXPECT_EQ(stored.placed_at, 1700000000);
  ASSERT_EQ(stored.lines.size(), 2u);
  EXPECT_EQ(stored.lines[0].sku, "SKU-1");
  EXPECT_EQ(stored.lines[0].product_id, p.id);
  EXPECT_DOUBLE_EQ(stored.total(), o.total());

  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 7);
  EXPECT_EQ(on_hand(*store_, q.id, wh.id), 3);

  MovementFilter sales;
  sales.type = MovementType::kSale;
  auto movements = must(store_->list_movements(sales, {})).items;
  ASSERT_EQ(movements.size(), 2u);
  EXPECT_EQ(movements[0].quantity, -3);
  EXPECT_EQ(movements[0].order_id, o.id);
  EXPECT_EQ(movements[1].quantity, -2);

  auto events = all_events(*store_);
  auto placed_event = std::find_if(events.begin(), events.end(),
                                   [](const auto& e) { return e.topic == "order.placed"; });
  ASSERT_NE(placed_event, events.end());
  EXPECT_EQ(placed_event->aggregate, "order");
  EXPECT_EQ(placed_event->aggregate_id, o.id);
  EXPECT_NE(placed_event->payload_json.find("SKU-2"), std::string::npos);
}

TEST_P(StoreContract, PlaceOrderRejectsQuantityAboveStockAndChangesNothing) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  Product q = add_product(*store_, "SKU-2");
  set_on_hand(*store_, p.id, wh.id, 10);
  set_on_hand(*store_, q.id, wh.id, 2);
  size_t events_before = all_events(*store_).size();

  OrderRequest r;
  r.lines = {{"SKU-1", 4, std::nullopt, 0.0}, {"SKU-2", 3, std::nullopt, 0.0}};
  auto result = store_->place_order(r);
  ASSERT_EQ(result.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(result.status().field(), "lines[1].quantity");
  EXPECT_NE(result.status().message().find("SKU-2"), std::string::npos);
  EXPECT_NE(result.status().message().find('2'), std::string::npos);  // units available

  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 10);  // the good first line was undone too
  EXPECT_EQ(on_hand(*store_, q.id, wh.id), 2);
  EXPECT_TRUE(must(store_->list_orders({}, {})).items.empty());
  MovementFilter sales;
  sales.type = MovementType::kSale;
  EXPECT_TRUE(must(store_->list_movements(sales, {})).items.empty());
  EXPECT_EQ(all_events(*store_).size(), events_before);
}

TEST_P(StoreContract, PlaceOrderCountsRepeatedSkuLinesTogether) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 5);
  OrderRequest r;
  r.lines = {{"SKU-1", 3, std::nullopt, 0.0}, {"SKU-1", 3, std::nullopt, 0.0}};
  EXPECT_EQ(store_->place_order(r).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 5);
}

TEST_P(StoreContract, PlaceOrderWithUnknownSkuNamesTheLine) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 5);
  OrderRequest r;
  r.lines = {{"SKU-1", 1, std::nullopt, 0.0}, {"NOPE", 1, std::nullopt, 0.0}};
  auto result = store_->place_order(r);
  ASSERT_FALSE(result.is_ok());
  EXPECT_TRUE(result.status().code() == ErrorCode::kNotFound ||
              result.status().code() == ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.status().field(), "lines[1].sku");
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 5);
}

TEST_P(StoreContract, PlaceOrderValidatesInputNamingFields) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1", 10.0);
  set_on_hand(*store_, p.id, wh.id, 5);
  Product off = product_named("OFF");
  off.active = false;
  off = must(store_->create_product(off));
  set_on_hand(*store_, off.id, wh.id, 5);

  auto field_of = [&](const OrderRequest& r) {
    auto result = store_->place_order(r);
    EXPECT_FALSE(result.is_ok());
    return result.status().field();
  };
  EXPECT_EQ(field_of(order_for("SKU-1", 0)), "lines[0].quantity");
  EXPECT_EQ(field_of(OrderRequest{}), "lines");
  EXPECT_EQ(field_of(order_for("OFF", 1)), "lines[0].sku");
  OrderRequest too_much_off = order_for("SKU-1", 1);
  too_much_off.lines[0].discount = 10.5;
  EXPECT_EQ(field_of(too_much_off), "lines[0].discount");
  OrderRequest ghost_customer = order_for("SKU-1", 1);
  ghost_customer.customer_id = 999;
  EXPECT_EQ(field_of(ghost_customer), "customer_id");
  OrderRequest ghost_location = order_for("SKU-1", 1);
  ghost_location.location_id = wh.id + 999;
  EXPECT_EQ(field_of(ghost_location), "location_id");
  OrderRequest many;
  many.lines.assign(1001, OrderRequestLine{"SKU-1", 1, std::nullopt, 0.0});
  EXPECT_EQ(field_of(many), "lines");

  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 5);
  EXPECT_TRUE(must(store_->list_orders({}, {})).items.empty());
}

TEST_P(StoreContract, PlaceOrderWithoutAnyLocationFailsAndCreatesNone) {
  add_product(*store_, "SKU-1");
  auto result = store_->place_order(order_for("SKU-1", 1));
  EXPECT_FALSE(result.is_ok());
  EXPECT_TRUE(must(store_->list_locations()).empty());
}

TEST_P(StoreContract, PlaceOrderDefaultsToTheLowestIdLocation) {
  Location first = add_location(*store_, "A");
  Location second = add_location(*store_, "B");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, first.id, 1);
  set_on_hand(*store_, p.id, second.id, 9);
  Order o = must(store_->place_order(order_for("SKU-1", 1))).order;
  EXPECT_EQ(o.location_id, first.id);
  EXPECT_EQ(on_hand(*store_, p.id, first.id), 0);
  OrderRequest at_second = order_for("SKU-1", 4);
  at_second.location_id = second.id;
  must(store_->place_order(at_second));
  EXPECT_EQ(on_hand(*store_, p.id, second.id), 5);
}

TEST_P(StoreContract, IdempotencyKeyReplayReturnsTheFirstOrderAndTakesStockOnce) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 10);
  OrderRequest r = order_for("SKU-1", 3);
  r.idempotency_key = "key-123";
  PlacedOrder first = must(store_->place_order(r));
  PlacedOrder second = must(store_->place_order(r));
  EXPECT_FALSE(first.replayed);
  EXPECT_TRUE(second.replayed);
  EXPECT_EQ(first.order.id, second.order.id);
  ASSERT_EQ(second.order.lines.size(), 1u);
  EXPECT_EQ(second.order.lines[0].quantity, 3);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 7);
  EXPECT_EQ(must(store_->list_orders({}, {})).items.size(), 1u);

  r.idempotency_key = "key-456";  // a different key is a different order
  EXPECT_NE(must(store_->place_order(r)).order.id, first.order.id);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 4);
}

TEST_P(StoreContract, OrderExternalIdIsUniqueWhenSet) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 10);
  must(store_->place_order(order_for("SKU-1", 1)));
  must(store_->place_order(order_for("SKU-1", 1)));  // two without external id
  OrderRequest r = order_for("SKU-1", 1);
  r.external_id = "INV-1";
  must(store_->place_order(r));
  auto dup = store_->place_order(r);
  EXPECT_EQ(dup.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.status().field(), "external_id");
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 7);
}

TEST_P(StoreContract, BackordersMayDriveStockNegativeWhenAllowed) {
  StoreOptions options;
  options.allow_backorders = true;
  auto store = open(options);
  if (!store) return;
  Location wh = add_location(*store, "WH1");
  Product p = add_product(*store, "SKU-1");
  Product never_stocked = add_product(*store, "SKU-2");
  set_on_hand(*store, p.id, wh.id, 2);
  must(store->place_order(order_for("SKU-1", 5)));
  must(store->place_order(order_for("SKU-2", 1)));
  EXPECT_EQ(on_hand(*store, p.id, wh.id), -3);
  EXPECT_EQ(on_hand(*store, never_stocked.id, wh.id), -1);
}

// ------------------------------------------------------------------ order life cycle

TEST_P(StoreContract, CancellingRestoresStockWithReturnMovementsAndAnEvent) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 10);
  Order o = must(store_->place_order(order_for("SKU-1", 4))).order;
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 6);

  Order cancelled = must(store_->set_order_status(o.id, OrderStatus::kCancelled));
  EXPECT_EQ(cancelled.status, OrderStatus::kCancelled);
  EXPECT_EQ(must(store_->get_order(o.id)).status, OrderStatus::kCancelled);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 10);

  MovementFilter returns;
  returns.type = MovementType::kReturn;
  auto moves = must(store_->list_movements(returns, {})).items;
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].quantity, 4);
  EXPECT_EQ(moves[0].reason, "order cancelled");
  EXPECT_EQ(moves[0].order_id, o.id);
  auto events = all_events(*store_);
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [&](const auto& e) {
    return e.topic == "order.cancelled" && e.aggregate_id == o.id;
  }));
  // Cancelled is final: a second cancel must not restock again.
  EXPECT_EQ(store_->set_order_status(o.id, OrderStatus::kCancelled).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 10);
}

TEST_P(StoreContract, DeliveryStampsFulfilmentAndReturnRestocks) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 3);
  Order o = must(store_->place_order(order_for("SKU-1", 2))).order;
  must(store_->set_order_status(o.id, OrderStatus::kPaid));
  must(store_->set_order_status(o.id, OrderStatus::kShipped));
  Order delivered = must(store_->set_order_status(o.id, OrderStatus::kDelivered, 1700000500));
  EXPECT_EQ(delivered.fulfilled_at, 1700000500);
  EXPECT_EQ(must(store_->get_order(o.id)).fulfilled_at, 1700000500);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 1);

  must(store_->set_order_status(o.id, OrderStatus::kReturned));
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 3);
  MovementFilter returns;
  returns.type = MovementType::kReturn;
  auto moves = must(store_->list_movements(returns, {})).items;
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].reason, "order returned");
}

TEST_P(StoreContract, IllegalStatusTransitionsAreRejected) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 3);
  Order o = must(store_->place_order(order_for("SKU-1", 1))).order;
  auto skip = store_->set_order_status(o.id, OrderStatus::kDelivered);
  EXPECT_EQ(skip.status().code(), ErrorCode::kFailedPrecondition);
  auto early_return = store_->set_order_status(o.id, OrderStatus::kReturned);
  EXPECT_EQ(early_return.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 2);  // the refused return restocked nothing
  EXPECT_EQ(must(store_->get_order(o.id)).status, OrderStatus::kPlaced);
  EXPECT_EQ(store_->set_order_status(o.id + 100, OrderStatus::kPaid).status().code(),
            ErrorCode::kNotFound);
}

TEST_P(StoreContract, ListOrdersFiltersAndPaginates) {
  Location wh = add_location(*store_, "WH1");
  Customer ann = add_customer(*store_, "ann");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 100);
  std::vector<Id> all, anns;
  for (int i = 0; i < 12; ++i) {
    OrderRequest r = order_for("SKU-1", 1);
    r.placed_at = 1000 + i * 100;
    r.channel = i % 3 == 0 ? "store" : "web";
    if (i % 2 == 0) r.customer_id = ann.id;
    Order o = must(store_->place_order(r)).order;
    all.push_back(o.id);
    if (i % 2 == 0) anns.push_back(o.id);
  }
  must(store_->set_order_status(all[1], OrderStatus::kCancelled));

  auto ids = walk_ids([&](const PageRequest& pr) { return store_->list_orders({}, pr); }, 5);
  EXPECT_EQ(ids, all);
  OrderFilter by_customer;
  by_customer.customer_id = ann.id;
  EXPECT_EQ(
      walk_ids([&](const PageRequest& pr) { return store_->list_orders(by_customer, pr); }, 4),
      anns);
  OrderFilter window;
  window.placed_from = 1200;  // orders 2..5
  window.placed_to = 1600;
  EXPECT_EQ(walk_ids([&](const PageRequest& pr) { return store_->list_orders(window, pr); }, 3),
            (std::vector<Id>{all[2], all[3], all[4], all[5]}));
  OrderFilter cancelled;
  cancelled.status = OrderStatus::kCancelled;
  EXPECT_EQ(walk_ids([&](const PageRequest& pr) { return store_->list_orders(cancelled, pr); }, 10),
            (std::vector<Id>{all[1]}));
  OrderFilter in_store;
  in_store.channel = "store";
  EXPECT_EQ(walk_ids([&](const PageRequest& pr) { return store_->list_orders(in_store, pr); }, 10),
            (std::vector<Id>{all[0], all[3], all[6], all[9]}));
  auto page = must(store_->list_orders({}, PageRequest{"", 2}));
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].lines.size(), 1u);  // listed orders carry their lines
}

// ------------------------------------------------------------------ stock

TEST_P(StoreContract, AdjustAndCountStock) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 0);  // a known pair that was never stocked

  StockAdjustment add{p.id, wh.id, MovementType::kAdjustment, 7, "found in back room", 100};
  EXPECT_EQ(must(store_->adjust_stock(add)).on_hand, 7);
  StockAdjustment count{p.id, wh.id, MovementType::kCount, 4, "", 200};
  StockLevel counted = must(store_->adjust_stock(count));
  EXPECT_EQ(counted.on_hand, 4);
  StockAdjustment receipt{p.id, wh.id, MovementType::kReceipt, 6, "", 300};
  EXPECT_EQ(must(store_->adjust_stock(receipt)).on_hand, 10);

  MovementFilter f;
  f.product_id = p.id;
  auto moves = must(store_->list_movements(f, {})).items;
  ASSERT_EQ(moves.size(), 3u);
  EXPECT_EQ(moves[0].type, MovementType::kAdjustment);
  EXPECT_EQ(moves[0].quantity, 7);
  EXPECT_EQ(moves[0].reason, "found in back room");
  EXPECT_EQ(moves[1].type, MovementType::kCount);
  EXPECT_EQ(moves[1].quantity, -3);  // the delta the count found
  EXPECT_EQ(moves[2].quantity, 6);
  auto events = all_events(*store_);
  EXPECT_TRUE(std::any_of(events.begin(), events.end(),
                          [](const auto& e) { return e.topic == "stock.adjusted"; }));
}

TEST_P(StoreContract, AdjustStockRefusesBadInputAndNegativeStock) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  set_on_hand(*store_, p.id, wh.id, 3);

  StockAdjustment no_reason{p.id, wh.id, MovementType::kAdjustment, -1, "", std::nullopt};
  auto r1 = store_->adjust_stock(no_reason);
  EXPECT_EQ(r1.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r1.status().field(), "reason");

  StockAdjustment too_many{p.id, wh.id, MovementType::kAdjustment, -4, "damaged", std::nullopt};
  EXPECT_EQ(store_->adjust_stock(too_many).status().code(), ErrorCode::kConflict);
  StockAdjustment negative_count{p.id, wh.id, MovementType::kCount, -1, "", std::nullopt};
  EXPECT_FALSE(store_->adjust_stock(negative_count).is_ok());
  StockAdjustment sale{p.id, wh.id, MovementType::kSale, -1, "x", std::nullopt};
  EXPECT_EQ(store_->adjust_stock(sale).status().code(), ErrorCode::kInvalidArgument);
  StockAdjustment ghost{p.id + 100, wh.id, MovementType::kReceipt, 1, "", std::nullopt};
  auto r2 = store_->adjust_stock(ghost);
  EXPECT_EQ(r2.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r2.status().field(), "product_id");
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 3);
  EXPECT_EQ(store_->get_stock(p.id + 100, wh.id).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, ListStockFiltersAndPaginates) {
  Location a = add_location(*store_, "A");
  Location b = add_location(*store_, "B");
  int expected = 0, low = 0;
  for (int i = 0; i < 6; ++i) {
    Product p = add_product(*store_, "SKU-" + std::to_string(i));
    set_on_hand(*store_, p.id, a.id, i);
    set_on_hand(*store_, p.id, b.id, 10 + i);
    expected += 2;
    if (i <= 2) ++low;
  }
  std::set<std::pair<Id, Id>> seen;
  PageRequest page{"", 5};
  int pages = 0;
  for (;; ++pages) {
    auto result = must(store_->list_stock({}, page));
    for (const auto& l : result.items)
      EXPECT_TRUE(seen.insert({l.product_id, l.location_id}).second);
    if (result.next_cursor.empty()) break;
    page.cursor = result.next_cursor;
  }
  EXPECT_EQ(static_cast<int>(seen.size()), expected);
  EXPECT_EQ(pages, 2);

  StockFilter at_a;
  at_a.location_id = a.id;
  at_a.max_available = 2;
  auto lows = must(store_->list_stock(at_a, PageRequest{"", 100})).items;
  EXPECT_EQ(static_cast<int>(lows.size()), low);
  for (const auto& l : lows) EXPECT_LE(l.available(), 2);
}

TEST_P(StoreContract, ListMovementsFiltersByTypeAndTime) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  Product q = add_product(*store_, "SKU-2");
  must(store_->adjust_stock({p.id, wh.id, MovementType::kReceipt, 5, "", 100}));
  must(store_->adjust_stock({q.id, wh.id, MovementType::kReceipt, 5, "", 200}));
  must(store_->adjust_stock({p.id, wh.id, MovementType::kAdjustment, -1, "broken", 300}));
  MovementFilter window;
  window.from = 150;
  window.to = 300;
  auto in_window = must(store_->list_movements(window, {})).items;
  ASSERT_EQ(in_window.size(), 1u);
  EXPECT_EQ(in_window[0].product_id, q.id);
  MovementFilter adjustments;
  adjustments.type = MovementType::kAdjustment;
  adjustments.product_id = p.id;
  EXPECT_EQ(must(store_->list_movements(adjustments, {})).items.size(), 1u);
  auto ids = walk_ids([&](const PageRequest& pr) { return store_->list_movements({}, pr); }, 2);
  EXPECT_EQ(ids.size(), 3u);
}

}  // namespace
}  // namespace oiis::testing
