// The behaviour every Store backend promises (see store/store.h), written against the
// interface only. Backends instantiate StoreContract in their own test file. Orders and stock
// are in orders_stock_contract_test.cpp, purchase orders in purchase_orders_contract_test.cpp.
#include "store/store_contract.h"
#include "store/contract_fixtures.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace oiis::testing {
namespace {

// ------------------------------------------------------------------ catalogue CRUD

TEST_P(StoreContract, SupplierRoundTripAndUpdate) {
  Supplier created = add_supplier(*store_, "globex");
  EXPECT_GT(created.id, 0);
  Supplier fetched = must(store_->get_supplier(created.id));
  EXPECT_EQ(fetched.name, "globex");
  EXPECT_EQ(fetched.email, "orders@globex.example");

  fetched.lead_time_mean_days = 12.5;
  fetched.min_order_qty = 6;
  must(store_->update_supplier(fetched));
  Supplier updated = must(store_->get_supplier(created.id));
  EXPECT_DOUBLE_EQ(updated.lead_time_mean_days, 12.5);
  EXPECT_EQ(updated.min_order_qty, 6);

  EXPECT_EQ(store_->get_supplier(created.id + 100).status().code(), ErrorCode::kNotFound);
  Supplier ghost = updated;
  ghost.id = created.id + 100;
  EXPECT_EQ(store_->update_supplier(ghost).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, SupplierListFiltersByNameSubstring) {
  add_supplier(*store_, "globex");
  add_supplier(*store_, "initech");
  auto page = must(store_->list_suppliers(SupplierFilter{"tech"}, {}));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, "initech");
}

TEST_P(StoreContract, ProductRoundTripBySkuAndId) {
  Supplier sup = add_supplier(*store_, "globex");
  Product p = product_named("SKU-1", 19.99);
  p.description = "a thing";
  p.attributes_json = R"({"colour":"red"})";
  p.supplier_id = sup.id;
  p.pack_size = 6;
  Product created = must(store_->create_product(p));
  EXPECT_GT(created.id, 0);

  Product by_id = must(store_->get_product(created.id));
  Product by_sku = must(store_->get_product_by_sku("SKU-1"));
  EXPECT_EQ(by_id.id, by_sku.id);
  EXPECT_EQ(by_id.name, "Product SKU-1");
  EXPECT_DOUBLE_EQ(by_id.price, 19.99);
  EXPECT_EQ(by_id.supplier_id, sup.id);
  EXPECT_EQ(by_id.pack_size, 6);
  EXPECT_EQ(by_id.attributes_json, R"({"colour":"red"})");
  EXPECT_TRUE(by_id.active);
  EXPECT_EQ(store_->get_product_by_sku("NOPE").status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, DuplicateSkuIsAlreadyExists) {
  add_product(*store_, "SKU-1");
  auto again = store_->create_product(product_named("SKU-1"));
  EXPECT_EQ(again.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.status().field(), "sku");
}

TEST_P(StoreContract, ProductWithUnknownSupplierIsRejectedNamingTheField) {
  Product p = product_named("SKU-1");
  p.supplier_id = 4242;
  auto r = store_->create_product(p);
  ASSERT_FALSE(r.is_ok());
  EXPECT_TRUE(r.status().code() == ErrorCode::kNotFound ||
              r.status().code() == ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "supplier_id");
}

TEST_P(StoreContract, InvalidProductIsRejectedNamingTheField) {
  Product p = product_named("SKU-1");
  p.price = 0;
  auto r = store_->create_product(p);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "price");
  EXPECT_EQ(store_->get_product_by_sku("SKU-1").status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, UpdateProductKeepsSkuAndRecordsPriceHistory) {
  Product p = add_product(*store_, "SKU-1", 10.0);
  Product change = p;
  change.sku = "IGNORED";
  change.name = "Renamed";
  change.price = 12.0;
  Product updated = must(store_->update_product(change, "promotion"));
  EXPECT_EQ(updated.sku, "SKU-1");
  EXPECT_EQ(updated.name, "Renamed");

  change.price = 12.0;
  change.name = "Renamed again";  // same price: no history entry
  must(store_->update_product(change));
  change.price = 9.0;
  must(store_->update_product(change));

  auto history = must(store_->price_history(p.id));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_DOUBLE_EQ(history[0].old_price, 10.0);
  EXPECT_DOUBLE_EQ(history[0].new_price, 12.0);
  EXPECT_EQ(history[0].reason, "promotion");
  EXPECT_DOUBLE_EQ(history[1].old_price, 12.0);
  EXPECT_DOUBLE_EQ(history[1].new_price, 9.0);
  EXPECT_EQ(history[1].reason, "manual");
  EXPECT_EQ(must(store_->get_product(p.id)).name, "Renamed again");
  EXPECT_DOUBLE_EQ(must(store_->get_product(p.id)).price, 9.0);

  Product ghost = p;
  ghost.id = p.id + 100;
  EXPECT_EQ(store_->update_product(ghost).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->price_history(p.id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, CustomerRoundTripAndExternalIdUniqueOnlyWhenSet) {
  Customer a = add_customer(*store_, "ann");
  Customer b = add_customer(*store_, "bob");  // both without external id: fine
  EXPECT_NE(a.id, b.id);

  Customer with_ext;
  with_ext.name = "carol";
  with_ext.external_id = "C-1";
  Customer c = must(store_->create_customer(with_ext));
  EXPECT_EQ(must(store_->get_customer(c.id)).external_id, "C-1");
  auto dup = store_->create_customer(with_ext);
  EXPECT_EQ(dup.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(dup.status().field(), "external_id");

  c.region = "south";
  must(store_->update_customer(c));
  EXPECT_EQ(must(store_->get_customer(c.id)).region, "south");
  EXPECT_EQ(store_->get_customer(c.id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, CustomerListFiltersByRegionAndQuery) {
  add_customer(*store_, "ann", "north");
  add_customer(*store_, "bob", "south");
  add_customer(*store_, "Annette", "south");
  auto south = must(store_->list_customers(CustomerFilter{"south", std::nullopt}, {}));
  EXPECT_EQ(south.items.size(), 2u);
  auto ann = must(store_->list_customers(CustomerFilter{std::nullopt, "ANN"}, {}));
  EXPECT_EQ(ann.items.size(), 2u);
  auto both = must(store_->list_customers(CustomerFilter{"south", "ann"}, {}));
  ASSERT_EQ(both.items.size(), 1u);
  EXPECT_EQ(both.items[0].name, "Annette");
}

TEST_P(StoreContract, LocationRoundTripAndUniqueCode) {
  Location wh = add_location(*store_, "WH1");
  Location shop;
  shop.code = "S1";
  shop.kind = "store";
  shop = must(store_->create_location(shop));
  EXPECT_EQ(must(store_->get_location(shop.id)).kind, "store");
  auto all = must(store_->list_locations());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, wh.id);
  Location dup;
  dup.code = "WH1";
  auto r = store_->create_location(dup);
  EXPECT_EQ(r.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.status().field(), "code");
  EXPECT_EQ(store_->get_location(shop.id + 100).status().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContract, LocationUpdateReplacesFieldsAndKeepsCodesUnique) {
  Location wh = add_location(*store_, "WH1");
  Location shop = add_location(*store_, "S1");
  wh.code = "WH-NORTH";
  wh.name = "North warehouse";
  wh.kind = "store";
  Location updated = must(store_->update_location(wh));
  EXPECT_EQ(updated.code, "WH-NORTH");
  Location fetched = must(store_->get_location(wh.id));
  EXPECT_EQ(fetched.name, "North warehouse");
  EXPECT_EQ(fetched.kind, "store");

  Location clash = shop;
  clash.code = "WH-NORTH";
  auto r = store_->update_location(clash);
  EXPECT_EQ(r.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.status().field(), "code");
  EXPECT_EQ(must(store_->get_location(shop.id)).code, "S1");

  Location ghost = shop;
  ghost.id = shop.id + 100;
  ghost.code = "GHOST";
  EXPECT_EQ(store_->update_location(ghost).status().code(), ErrorCode::kNotFound);
  Location blank = shop;
  blank.code = "";
  EXPECT_EQ(store_->update_location(blank).status().code(), ErrorCode::kInvalidArgument);
}

// ------------------------------------------------------------------ listing

TEST_P(StoreContract, PaginationWalksEveryRowExactlyOnceInIdOrder) {
  std::vector<Id> created;
  for (int i = 0; i < 23; ++i) created.push_back(add_product(*store_, "P" + std::to_string(i)).id);
  for (int limit : {1, 5, 7, 23, 50}) {
    auto ids = walk_ids([&](const PageRequest& p) { return store_->list_products({}, p); }, limit);
    EXPECT_EQ(ids, created) << "limit " << limit;
  }
}

TEST_P(StoreContract, PageLimitIsClampedAndBadCursorRejected) {
  for (int i = 0; i < 3; ++i) add_customer(*store_, "c" + std::to_string(i));
  auto one = must(store_->list_customers({}, PageRequest{"", 0}));
  EXPECT_EQ(one.items.size(), 1u);
  EXPECT_FALSE(one.next_cursor.empty());
  auto all = must(store_->list_customers({}, PageRequest{"", 5000}));
  EXPECT_EQ(all.items.size(), 3u);
  EXPECT_TRUE(all.next_cursor.empty());
  auto bad = store_->list_customers({}, PageRequest{"not a cursor!", 10});
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, ProductFiltersCombine) {
  Supplier sup = add_supplier(*store_, "globex");
  Product a = product_named("TOY-RED");
  a.category = "toys";
  a.supplier_id = sup.id;
  a = must(store_->create_product(a));
  Product b = product_named("TOY-BLUE");
  b.category = "toys";
  b.brand = "zeta";
  b.active = false;
  b = must(store_->create_product(b));
  Product c = product_named("MUG-1");
  c.name = "Red mug";
  c.category = "kitchen";
  c = must(store_->create_product(c));

  auto ids = [&](ProductFilter f) {
    std::vector<Id> out;
    for (const auto& p : must(store_->list_products(f, {})).items) out.push_back(p.id);
    return out;
  };
  ProductFilter f;
  f.category = "toys";
  EXPECT_EQ(ids(f), (std::vector<Id>{a.id, b.id}));
  f.active = true;
  EXPECT_EQ(ids(f), (std::vector<Id>{a.id}));
  ProductFilter by_brand;
  by_brand.brand = "zeta";
  EXPECT_EQ(ids(by_brand), (std::vector<Id>{b.id}));
  ProductFilter by_supplier;
  by_supplier.supplier_id = sup.id;
  EXPECT_EQ(ids(by_supplier), (std::vector<Id>{a.id}));
  ProductFilter query;
  query.query = "red";  // sku TOY-RED and name "Red mug", case-insensitively
  EXPECT_EQ(ids(query), (std::vector<Id>{a.id, c.id}));
}

// ------------------------------------------------------------------ bulk, scans, stats, keys

TEST_P(StoreContract, BulkWriterCommitsKeepingGivenIds) {
  {
    auto bulk = must(store_->begin_bulk());
    Location l;
    l.id = 7;
    l.code = "WH7";
    EXPECT_EQ(must(bulk->add_location(l)), 7);
    Product p = product_named("SKU-B");
    p.id = 40;
    EXPECT_EQ(must(bulk->add_product(p)), 40);
    Customer c;
    c.name = "bulk customer";
    Id customer_id = must(bulk->add_customer(c));  // assigned
    EXPECT_GT(customer_id, 0);
    Order o;
    o.id = 1000;
    o.customer_id = customer_id;
    o.location_id = 7;
    o.status = OrderStatus::kDelivered;
    o.placed_at = 5000;
    o.lines.push_back(OrderLine{0, 0, 40, "SKU-B", 2, 9.5, 1.0});
    EXPECT_EQ(must(bulk->add_order(o)), 1000);
    EXPECT_TRUE(bulk->set_stock(StockLevel{40, 7, 12, 0, 3, 5000}).is_ok());
    EXPECT_EQ(store_->get_order(1000).status().code(), ErrorCode::kNotFound);  // not yet visible
    ASSERT_TRUE(bulk->commit().is_ok());
  }
  Order o = must(store_->get_order(1000));
  EXPECT_EQ(o.status, OrderStatus::kDelivered);
  ASSERT_EQ(o.lines.size(), 1u);
  EXPECT_DOUBLE_EQ(o.total(), 18.0);
  EXPECT_EQ(must(store_->get_stock(40, 7)).on_order, 3);
  EXPECT_EQ(must(store_->get_product_by_sku("SKU-B")).id, 40);
  // The store keeps working after the bulk load, with ids continuing after the given ones.
  Product after = add_product(*store_, "SKU-AFTER");
  EXPECT_GT(after.id, 40);
}

TEST_P(StoreContract, BulkWriterDestroyedWithoutCommitLeavesNothing) {
  {
    auto bulk = must(store_->begin_bulk());
    Location l;
    l.code = "WH1";
    must(bulk->add_location(l));
    must(bulk->add_product(product_named("SKU-X")));
    auto dup = bulk->add_product(product_named("SKU-X"));
    EXPECT_EQ(dup.status().code(), ErrorCode::kAlreadyExists);
  }
  EXPECT_TRUE(must(store_->list_locations()).empty());
  EXPECT_EQ(store_->get_product_by_sku("SKU-X").status().code(), ErrorCode::kNotFound);
  add_location(*store_, "WH1");  // normal writes work again
  EXPECT_EQ(must(store_->list_locations()).size(), 1u);
}

TEST_P(StoreContract, ScanOrdersStreamsEveryOrderWithLinesInIdOrder) {
  Location wh = add_location(*store_, "WH1");
  add_product(*store_, "A");
  add_product(*store_, "B");
  StockAdjustment fill{0, wh.id, MovementType::kReceipt, 100, "", std::nullopt};
  for (Id id :
       {must(store_->get_product_by_sku("A")).id, must(store_->get_product_by_sku("B")).id}) {
    fill.product_id = id;
    must(store_->adjust_stock(fill));
  }
  std::vector<Id> placed;
  for (int i = 0; i < 5; ++i) {
    OrderRequest r;
    r.placed_at = 100 * (i + 1);
    r.lines = {{"A", 1, std::nullopt, 0.0}};
    if (i % 2 == 0) r.lines.push_back({"B", 2, std::nullopt, 0.0});
    placed.push_back(must(store_->place_order(r)).order.id);
  }
  std::vector<Id> seen;
  size_t lines = 0;
  ASSERT_TRUE(store_
                  ->scan_orders({},
                                [&](const Order& o) {
                                  seen.push_back(o.id);
                                  lines += o.lines.size();
                                  return true;
                                })
                  .is_ok());
  EXPECT_EQ(seen, placed);
  EXPECT_EQ(lines, 8u);

  OrderFilter late;
  late.placed_from = 300;
  int visited = 0;
  ASSERT_TRUE(store_
                  ->scan_orders(late,
                                [&](const Order& o) {
                                  EXPECT_GE(o.placed_at, 300);
                                  return ++visited < 2;  // stop after the second
                                })
                  .is_ok());
  EXPECT_EQ(visited, 2);
}

TEST_P(StoreContract, StatsCountEverythingAndRevenueSkipsCancelledOrders) {
  Location wh = add_location(*store_, "WH1");
  add_customer(*store_, "ann");
  Product p = add_product(*store_, "SKU-1", 10.0);
  set_on_hand(*store_, p.id, wh.id, 10);
  OrderRequest first = order_for("SKU-1", 2);
  first.placed_at = 1000;
  must(store_->place_order(first));
  OrderRequest second = order_for("SKU-1", 1);
  second.placed_at = 3000;
  Order cancelled = must(store_->place_order(second)).order;
  must(store_->set_order_status(cancelled.id, OrderStatus::kCancelled));

  StoreStats st = must(store_->stats());
  EXPECT_EQ(st.backend, store_->backend_name());
  EXPECT_EQ(st.products, 1);
  EXPECT_EQ(st.customers, 1);
  EXPECT_EQ(st.locations, 1);
  EXPECT_EQ(st.orders, 2);
  EXPECT_EQ(st.order_lines, 2);
  EXPECT_EQ(st.stock_levels, 1);
  EXPECT_EQ(st.stock_movements, 4);  // count, two sales, one return
  EXPECT_DOUBLE_EQ(st.revenue, 20.0);
  EXPECT_EQ(st.first_order_at, 1000);
  EXPECT_EQ(st.last_order_at, 3000);
  EXPECT_GE(st.outbox_events, 3);
}

TEST_P(StoreContract, OutboxReadsAfterAnIdOldestFirst) {
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "SKU-1");
  size_t before = must(store_->read_outbox(0, 1000)).size();
  for (int i = 1; i <= 5; ++i) set_on_hand(*store_, p.id, wh.id, i);
  auto events = must(store_->read_outbox(0, 1000));
  ASSERT_EQ(events.size(), before + 10);  // each count: stock.adjusted and stock.changed
  EXPECT_TRUE(std::is_sorted(events.begin(), events.end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
  auto rest = must(store_->read_outbox(events[1].id, 2));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].id, events[2].id);
}

TEST_P(StoreContract, OutboxDeliveryPositionMovesOnlyForwardPerRelay) {
  EXPECT_EQ(must(store_->outbox_delivered("stream")), 0);
  ASSERT_TRUE(store_->mark_outbox_delivered("stream", 7).is_ok());
  EXPECT_EQ(must(store_->outbox_delivered("stream")), 7);
  ASSERT_TRUE(store_->mark_outbox_delivered("stream", 3).is_ok());  // a slower relay racing: never back
  EXPECT_EQ(must(store_->outbox_delivered("stream")), 7);
  ASSERT_TRUE(store_->mark_outbox_delivered("stream", 12).is_ok());
  EXPECT_EQ(must(store_->outbox_delivered("stream")), 12);
  EXPECT_EQ(must(store_->outbox_delivered("other")), 0);  // each relay has its own
  EXPECT_EQ(store_->mark_outbox_delivered("", 1).code(), ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, ApiKeysAreFoundByHash) {
  ApiKey k;
  k.name = "ops";
  k.key_hash = std::string(64, 'a');
  k.role = Role::kAdmin;
  ApiKey created = must(store_->create_api_key(k));
  EXPECT_GT(created.id, 0);
  ApiKey found = must(store_->find_api_key_by_hash(std::string(64, 'a')));
  EXPECT_EQ(found.id, created.id);
  EXPECT_EQ(found.role, Role::kAdmin);
  EXPECT_FALSE(found.revoked);
  EXPECT_EQ(store_->find_api_key_by_hash(std::string(64, 'b')).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->create_api_key(k).status().code(), ErrorCode::kAlreadyExists);
}

TEST_P(StoreContract, ApiKeysAreListedAndRevoked) {
  ApiKey k;
  k.name = "ops";
  k.key_hash = std::string(64, 'a');
  k.role = Role::kWrite;
  ApiKey first = must(store_->create_api_key(k));
  k.name = "reporting";
  k.key_hash = std::string(64, 'c');
  k.role = Role::kRead;
  ApiKey second = must(store_->create_api_key(k));

  ApiKey revoked = must(store_->revoke_api_key(first.id));
  EXPECT_TRUE(revoked.revoked);
  EXPECT_EQ(revoked.key_hash, std::string(64, 'a'));
  EXPECT_TRUE(must(store_->find_api_key_by_hash(std::string(64, 'a'))).revoked);
  EXPECT_TRUE(must(store_->revoke_api_key(first.id)).revoked);  // idempotent
  EXPECT_EQ(store_->revoke_api_key(second.id + 100).status().code(), ErrorCode::kNotFound);

  auto keys = must(store_->list_api_keys());
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, first.id);
  EXPECT_TRUE(keys[0].revoked);
  EXPECT_EQ(keys[1].name, "reporting");
  EXPECT_EQ(keys[1].role, Role::kRead);
  EXPECT_FALSE(keys[1].revoked);
}

TEST_P(StoreContract, DataVersionChangesWithEveryKindOfWriteAndNotWithReads) {
  std::set<std::string> seen;
  std::string version = must(store_->data_version());
  seen.insert(version);
  // Each step must change the version to one never seen before.
  auto expect_new_version = [&](const char* step) {
    std::string now = must(store_->data_version());
    EXPECT_TRUE(seen.insert(now).second) << step << " left the version at " << now;
    version = now;
  };
  Location wh = add_location(*store_, "WH1");
  expect_new_version("create_location");
  Product p = add_product(*store_, "SKU-1");
  expect_new_version("create_product");
  set_on_hand(*store_, p.id, wh.id, 10);
  expect_new_version("adjust_stock");
  Order o = must(store_->place_order(order_for("SKU-1", 2))).order;
  expect_new_version("place_order");
  must(store_->set_order_status(o.id, OrderStatus::kCancelled));
  expect_new_version("set_order_status");
  p.name = "renamed";
  must(store_->update_product(p));
  expect_new_version("update_product");
  {
    auto bulk = must(store_->begin_bulk());
    Customer c;
    c.name = "bulk";
    must(bulk->add_customer(c));
    ASSERT_TRUE(bulk->commit().is_ok());
  }
  expect_new_version("bulk commit");

  must(store_->get_order(o.id));
  must(store_->list_products({}, {}));
  must(store_->stats());
  EXPECT_EQ(must(store_->data_version()), version) << "reads changed the version";
  // A failed write (short stock) commits nothing.
  EXPECT_FALSE(store_->place_order(order_for("SKU-1", 1000)).is_ok());
  EXPECT_EQ(must(store_->data_version()), version) << "a rejected order changed the version";
}

// ------------------------------------------------------------------ concurrency

TEST_P(StoreContract, RacingBuyersNeverOversell) {
  constexpr int kThreads = 8, kAttemptsPerThread = 10;
  constexpr Quantity kStock = 25;
  Location wh = add_location(*store_, "WH1");
  Product p = add_product(*store_, "HOT");
  set_on_hand(*store_, p.id, wh.id, kStock);

  std::atomic<Quantity> acknowledged{0};
  std::atomic<int> conflicts{0}, other_errors{0};
  std::vector<std::thread> buyers;
  for (int t = 0; t < kThreads; ++t)
    buyers.emplace_back([&] {
      for (int i = 0; i < kAttemptsPerThread; ++i) {
        Quantity qty = 1;
        auto r = store_->place_order(order_for("HOT", qty));
        if (r)
          acknowledged += qty;
        else if (r.status().code() == ErrorCode::kConflict)
          ++conflicts;
        else
          ++other_errors;
      }
    });
  for (auto& b : buyers) b.join();

  Quantity left = on_hand(*store_, p.id, wh.id);
  EXPECT_EQ(left, 0);  // demand (80 units) far exceeds stock: all of it sells, no more
  EXPECT_EQ(acknowledged.load(), kStock);
  EXPECT_GT(conflicts.load(), 0);
  EXPECT_EQ(other_errors.load(), 0);
  Quantity ordered = 0;
  ASSERT_TRUE(store_
                  ->scan_orders({},
                                [&](const Order& o) {
                                  ordered += o.lines[0].quantity;
                                  return true;
                                })
                  .is_ok());
  EXPECT_EQ(ordered, acknowledged.load());
}

}  // namespace
}  // namespace oiis::testing
