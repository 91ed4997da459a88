// The outbox events beyond order.placed, on every backend: stock.changed, alert.raised and
// reorder.suggested are each written once by the write they describe, in its transaction, and
// a write that fails leaves none.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/alert_tables.h"
#include "store/store_contract.h"

namespace oiis::testing {
namespace {

// A store with one location, one supplier and two products, for the event tests.
struct EventWorld {
  Id location = 0, supplier = 0, p1 = 0, p2 = 0;
};

EventWorld event_world(Store& s) {
  EventWorld w;
  Location l;
  l.code = "EV1";
  l.name = "Event location";
  w.location = must(s.create_location(l)).id;
  Supplier sup;
  sup.name = "eventsup";
  w.supplier = must(s.create_supplier(sup)).id;
  for (Id* id : {&w.p1, &w.p2}) {
    Product p;
    p.sku = id == &w.p1 ? "EV-1" : "EV-2";
    p.name = p.sku;
    p.price = 4.0;
    p.cost = 2.0;
    *id = must(s.create_product(p)).id;
  }
  return w;
}

// The events of `topic` written after outbox id `after`.
std::vector<OutboxEvent> events_of(Store& s, const std::string& topic, Id after) {
  std::vector<OutboxEvent> out;
  for (auto& e : must(s.read_outbox(after, 1000)))
    if (e.topic == topic) out.push_back(std::move(e));
  return out;
}

Id last_event_id(Store& s) {
  auto all = must(s.read_outbox(0, 100000));
  return all.empty() ? 0 : all.back().id;
}

PurchaseOrder event_po(const EventWorld& w, PurchaseOrderStatus status) {
  PurchaseOrder po;
  po.supplier_id = w.supplier;
  po.location_id = w.location;
  po.status = status;
  po.lines = {PurchaseOrderLine{0, 0, w.p1, 6, 0, 1.5}, PurchaseOrderLine{0, 0, w.p2, 2, 0, 1.5}};
  return po;
}

TEST_P(StoreContract, StockAdjustmentWritesOneStockChangedEvent) {
  EventWorld w = event_world(*store_);
  Id before = last_event_id(*store_);
  StockAdjustment count{w.p1, w.location, MovementType::kCount, 9, "", std::nullopt};
  must(store_->adjust_stock(count));
  auto changed = events_of(*store_, "stock.changed", before);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].aggregate, "location");
  EXPECT_EQ(changed[0].aggregate_id, w.location);
  auto payload = nlohmann::json::parse(changed[0].payload_json);
  ASSERT_EQ(payload["changes"].size(), 1u);
  EXPECT_EQ(payload["changes"][0]["product_id"], w.p1);
  EXPECT_EQ(payload["changes"][0]["quantity"], 9);
  EXPECT_EQ(payload["changes"][0]["type"], "count");

  // Refused (below zero): no movement, no event.
  before = last_event_id(*store_);
  StockAdjustment too_many{w.p1, w.location, MovementType::kAdjustment,
                           -10,  "broken",   std::nullopt};
  EXPECT_EQ(store_->adjust_stock(too_many).status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(must(store_->read_outbox(before, 1000)).empty());
}

TEST_P(StoreContract, ReceiptAndCancellationWriteStockChangedButSalesDoNot) {
  EventWorld w = event_world(*store_);
  PurchaseOrder po =
      must(store_->create_purchase_order(event_po(w, PurchaseOrderStatus::kOrdered)));
  Id before = last_event_id(*store_);
  must(store_->receive_purchase_order(po.id, {{w.p1, 6}, {w.p2, 2}}));
  auto received = events_of(*store_, "stock.changed", before);
  ASSERT_EQ(received.size(), 1u);  // one event for the whole receipt
  auto payload = nlohmann::json::parse(received[0].payload_json);
  EXPECT_EQ(payload["purchase_order_id"], po.id);
  ASSERT_EQ(payload["changes"].size(), 2u);
  EXPECT_EQ(payload["changes"][1]["quantity"], 2);
  EXPECT_EQ(payload["changes"][1]["type"], "receipt");

  before = last_event_id(*store_);
  Order o = must(store_->place_order(order_for("EV-1", 4))).order;
  EXPECT_TRUE(events_of(*store_, "stock.changed", before).empty());  // order.placed has it
  EXPECT_EQ(events_of(*store_, "order.placed", before).size(), 1u);

  before = last_event_id(*store_);
  must(store_->set_order_status(o.id, OrderStatus::kCancelled));
  auto restock = events_of(*store_, "stock.changed", before);
  ASSERT_EQ(restock.size(), 1u);
  payload = nlohmann::json::parse(restock[0].payload_json);
  EXPECT_EQ(payload["order_id"], o.id);
  EXPECT_EQ(payload["changes"][0]["quantity"], 4);

  // A second cancel is refused and writes nothing.
  before = last_event_id(*store_);
  EXPECT_FALSE(store_->set_order_status(o.id, OrderStatus::kCancelled).is_ok());
  EXPECT_TRUE(must(store_->read_outbox(before, 1000)).empty());
}

TEST_P(StoreContract, DraftPurchaseOrderWritesOneReorderSuggestedEvent) {
  EventWorld w = event_world(*store_);
  Id before = last_event_id(*store_);
  PurchaseOrder draft =
      must(store_->create_purchase_order(event_po(w, PurchaseOrderStatus::kDraft)));
  auto suggested = events_of(*store_, "reorder.suggested", before);
  ASSERT_EQ(suggested.size(), 1u);
  EXPECT_EQ(suggested[0].aggregate_id, draft.id);
  auto payload = nlohmann::json::parse(suggested[0].payload_json);
  EXPECT_EQ(payload["supplier_id"], w.supplier);
  ASSERT_EQ(payload["lines"].size(), 2u);
  EXPECT_EQ(payload["lines"][0]["quantity"], 6);

  // An ordered purchase order is no suggestion; a refused draft (unknown supplier) writes none.
  before = last_event_id(*store_);
  must(store_->create_purchase_order(event_po(w, PurchaseOrderStatus::kOrdered)));
  EXPECT_TRUE(events_of(*store_, "reorder.suggested", before).empty());
  before = last_event_id(*store_);
  PurchaseOrder bad = event_po(w, PurchaseOrderStatus::kDraft);
  bad.supplier_id = w.supplier + 1000;
  EXPECT_EQ(store_->create_purchase_order(bad).status().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(must(store_->read_outbox(before, 1000)).empty());
}

StoredAlert event_alert(const std::string& fingerprint) {
  StoredAlert a;
  a.type = "price";
  a.fingerprint = fingerprint;
  a.severity = "high";
  a.title = "price jump";
  a.reasons = "[]";
  a.record_kind = "product";
  a.record_id = 5;
  a.record_key = "EV-1";
  a.occurred_at = 100;
  return a;
}

TEST_P(StoreContract, NewAlertWritesOneAlertRaisedEventAndARescanNone) {
  Id before = last_event_id(*store_);
  ASSERT_EQ(must(store_->alerts().add_new({event_alert("price:5")}, 50)), 1u);
  auto raised = events_of(*store_, "alert.raised", before);
  ASSERT_EQ(raised.size(), 1u);
  auto stored = must(store_->alerts().list({}));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(raised[0].aggregate, "alert");
  EXPECT_EQ(raised[0].aggregate_id, stored[0].id);
  EXPECT_EQ(raised[0].at, 50);
  auto payload = nlohmann::json::parse(raised[0].payload_json);
  EXPECT_EQ(payload["alert_id"], stored[0].id);
  EXPECT_EQ(payload["severity"], "high");
  EXPECT_EQ(payload["record_key"], "EV-1");

  // The rescan finds it again plus a new one: one event, for the new one only.
  before = last_event_id(*store_);
  ASSERT_EQ(must(store_->alerts().add_new({event_alert("price:5"), event_alert("price:6")}, 60)),
            1u);
  raised = events_of(*store_, "alert.raised", before);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(raised[0].payload_json)["alert_id"],
            must(store_->alerts().list({}))[0].id);
}

}  // namespace
}  // namespace oiis::testing
