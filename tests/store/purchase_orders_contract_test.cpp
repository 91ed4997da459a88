// Purchase orders on every backend: receiving, drafts and their approval, and a person's
// changes to a draft before it is approved.
#include <algorithm>

#include "store/contract_fixtures.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

PurchaseOrder po_for(Id supplier, Id location, std::vector<std::pair<Id, Quantity>> lines) {
  PurchaseOrder po;
  po.supplier_id = supplier;
  po.location_id = location;
  for (auto [product, qty] : lines) {
    PurchaseOrderLine l;
    l.product_id = product;
    l.quantity = qty;
    l.unit_cost = 2.5;
    po.lines.push_back(l);
  }
  return po;
}

TEST_P(StoreContract, PurchaseOrderReceivesPartiallyThenFully) {
  Location wh = add_location(*store_, "WH1");
  Supplier sup = add_supplier(*store_, "globex");
  Product p = add_product(*store_, "SKU-1");
  Product q = add_product(*store_, "SKU-2");
  PurchaseOrder po =
      must(store_->create_purchase_order(po_for(sup.id, wh.id, {{p.id, 10}, {q.id, 4}})));
  EXPECT_EQ(po.status, PurchaseOrderStatus::kOrdered);
  ASSERT_EQ(po.lines.size(), 2u);
  EXPECT_EQ(must(store_->get_stock(p.id, wh.id)).on_order, 10);

  PurchaseOrder partial = must(store_->receive_purchase_order(po.id, {{p.id, 6}}, 500));
  EXPECT_EQ(partial.status, PurchaseOrderStatus::kPartiallyReceived);
  StockLevel level = must(store_->get_stock(p.id, wh.id));
  EXPECT_EQ(level.on_hand, 6);
  EXPECT_EQ(level.on_order, 4);

  auto over = store_->receive_purchase_order(po.id, {{p.id, 5}});
  EXPECT_EQ(over.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(over.status().field(), "lines[0].quantity");
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 6);

  PurchaseOrder full = must(store_->receive_purchase_order(po.id, {{p.id, 4}, {q.id, 4}}, 900));
  EXPECT_EQ(full.status, PurchaseOrderStatus::kReceived);
  EXPECT_EQ(full.received_at, 900);
  EXPECT_EQ(on_hand(*store_, p.id, wh.id), 10);
  EXPECT_EQ(must(store_->get_stock(q.id, wh.id)).on_order, 0);
  PurchaseOrder stored = must(store_->get_purchase_order(po.id));
  EXPECT_EQ(stored.status, PurchaseOrderStatus::kReceived);
  EXPECT_EQ(stored.lines[0].received_quantity, 10);

  MovementFilter receipts;
  receipts.type = MovementType::kReceipt;
  auto moves = must(store_->list_movements(receipts, {})).items;
  ASSERT_EQ(moves.size(), 3u);
  EXPECT_EQ(moves[0].purchase_order_id, po.id);
  EXPECT_EQ(store_->receive_purchase_order(po.id, {{p.id, 1}}).status().code(),
            ErrorCode::kFailedPrecondition);
  auto events = all_events(*store_);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const auto& e) { return e.topic == "purchase_order.received"; }),
            2);
}

TEST_P(StoreContract, DraftPurchaseOrderRaisesOnOrderOnlyWhenSubmitted) {
  Location wh = add_location(*store_, "WH1");
  Supplier sup = add_supplier(*store_, "globex");
  Product p = add_product(*store_, "SKU-1");
  PurchaseOrder draft = po_for(sup.id, wh.id, {{p.id, 8}});
  draft.status = PurchaseOrderStatus::kDraft;
  draft = must(store_->create_purchase_order(draft));
  EXPECT_EQ(must(store_->get_stock(p.id, wh.id)).on_order, 0);
  EXPECT_EQ(store_->receive_purchase_order(draft.id, {{p.id, 1}}).status().code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(must(store_->submit_purchase_order(draft.id)).status, PurchaseOrderStatus::kOrdered);
  EXPECT_EQ(must(store_->get_stock(p.id, wh.id)).on_order, 8);
  EXPECT_EQ(store_->submit_purchase_order(draft.id).status().code(),
            ErrorCode::kFailedPrecondition);

  PurchaseOrderFilter by_supplier;
  by_supplier.supplier_id = sup.id;
  auto listed = must(store_->list_purchase_orders(by_supplier, {})).items;
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].lines.size(), 1u);
  PurchaseOrderFilter received;
  received.status = PurchaseOrderStatus::kReceived;
  EXPECT_TRUE(must(store_->list_purchase_orders(received, {})).items.empty());
}

TEST_P(StoreContract, PurchaseOrderRejectsUnknownReferences) {
  Location wh = add_location(*store_, "WH1");
  Supplier sup = add_supplier(*store_, "globex");
  Product p = add_product(*store_, "SKU-1");
  auto no_supplier = store_->create_purchase_order(po_for(sup.id + 50, wh.id, {{p.id, 1}}));
  EXPECT_EQ(no_supplier.status().field(), "supplier_id");
  auto no_product = store_->create_purchase_order(po_for(sup.id, wh.id, {{p.id + 50, 1}}));
  EXPECT_EQ(no_product.status().field(), "lines[0].product_id");
  auto empty = store_->create_purchase_order(po_for(sup.id, wh.id, {}));
  EXPECT_EQ(empty.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(must(store_->list_purchase_orders({}, {})).items.empty());
  PurchaseOrder po = must(store_->create_purchase_order(po_for(sup.id, wh.id, {{p.id, 2}})));
  auto not_on_po = store_->receive_purchase_order(po.id, {{p.id + 50, 1}});
  EXPECT_EQ(not_on_po.status().field(), "lines[0].product_id");
}

TEST_P(StoreContract, ADraftsLinesChangeBeforeApprovalAndNothingElseDoes) {
  Location wh = add_location(*store_, "WH1");
  Supplier sup = add_supplier(*store_, "globex");
  Product p = add_product(*store_, "SKU-1");
  Product q = add_product(*store_, "SKU-2");
  PurchaseOrder draft = po_for(sup.id, wh.id, {{p.id, 10}, {q.id, 4}});
  draft.status = PurchaseOrderStatus::kDraft;
  draft = must(store_->create_purchase_order(draft));
  const Id first = draft.lines[0].id, second = draft.lines[1].id;
  const size_t events_before = all_events(*store_).size();

  // Refused, and nothing changes: a line of no such order, a negative quantity, a line twice,
  // dropping every line, no change at all.
  auto stranger = store_->revise_purchase_order(draft.id, {{first, 5}, {second + 100, 1}});
  EXPECT_EQ(stranger.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(stranger.status().field(), "lines[1].id");
  EXPECT_EQ(store_->revise_purchase_order(draft.id, {{first, -1}}).status().field(), "lines[0].quantity");
  EXPECT_EQ(store_->revise_purchase_order(draft.id, {{first, 1}, {first, 2}}).status().field(), "lines[1].id");
  EXPECT_EQ(store_->revise_purchase_order(draft.id, {{first, 0}, {second, 0}}).status().field(), "lines");
  EXPECT_EQ(store_->revise_purchase_order(draft.id, {}).status().field(), "lines");
  EXPECT_EQ(store_->revise_purchase_order(draft.id + 100, {{first, 1}}).status().code(), ErrorCode::kNotFound);
  PurchaseOrder unchanged = must(store_->get_purchase_order(draft.id));
  ASSERT_EQ(unchanged.lines.size(), 2u);
  EXPECT_EQ(unchanged.lines[0].quantity, 10);
  EXPECT_EQ(all_events(*store_).size(), events_before);

  // A smaller first line, the second dropped; approval then orders what is left.
  PurchaseOrder revised = must(store_->revise_purchase_order(draft.id, {{first, 6}, {second, 0}}));
  ASSERT_EQ(revised.lines.size(), 1u);
  EXPECT_EQ(revised.lines[0].quantity, 6);
  PurchaseOrder stored = must(store_->get_purchase_order(draft.id));
  ASSERT_EQ(stored.lines.size(), 1u);
  EXPECT_EQ(stored.lines[0].id, first);
  EXPECT_EQ(stored.lines[0].quantity, 6);
  EXPECT_EQ(stored.status, PurchaseOrderStatus::kDraft);
  EXPECT_EQ(must(store_->get_stock(p.id, wh.id)).on_order, 0);  // a draft raises nothing
  auto events = all_events(*store_);
  ASSERT_EQ(events.size(), events_before + 1);
  EXPECT_EQ(events.back().topic, "purchase_order.revised");

  must(store_->submit_purchase_order(draft.id));
  EXPECT_EQ(must(store_->get_stock(p.id, wh.id)).on_order, 6);
  auto ordered = store_->revise_purchase_order(draft.id, {{first, 2}});
  EXPECT_EQ(ordered.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(must(store_->get_purchase_order(draft.id)).lines[0].quantity, 6);
}

}  // namespace
}  // namespace oiis::testing
