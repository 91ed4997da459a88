// Stock levels, adjustments, movements and purchase orders.
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

TEST_F(ServerTest, StockOfSkuListsLevels) {
  Reply r = get("/api/v1/stock/SKU-2", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["sku"], "SKU-2");
  EXPECT_EQ(r.json["on_hand"], 10);
  ASSERT_EQ(r.json["levels"].size(), 1u);
  EXPECT_EQ(r.json["levels"][0]["location_id"], location_id_);
  EXPECT_EQ(get("/api/v1/stock/NOPE").status, 404);
}

TEST_F(ServerTest, StockListFilters) {
  EXPECT_EQ(get("/api/v1/stock").json["items"].size(), 3u);
  EXPECT_EQ(get("/api/v1/stock?max_available=5").json["items"].size(), 0u);
  const Id p1 = store_->get_product_by_sku("SKU-1")->id;
  Reply one = get("/api/v1/stock?product_id=" + std::to_string(p1));
  ASSERT_EQ(one.json["items"].size(), 1u);
  EXPECT_EQ(one.json["items"][0]["available"], 10);
}

TEST_F(ServerTest, AdjustmentsBySkuAndTheLedger) {
  Reply a = post("/api/v1/stock/adjustments", {{"sku", "SKU-1"},
                                               {"location_id", location_id_},
                                               {"type", "adjustment"},
                                               {"quantity", -3},
                                               {"reason", "breakage"}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["on_hand"], 7);
  Reply c = post("/api/v1/stock/adjustments",
                 {{"sku", "SKU-1"}, {"location_id", location_id_}, {"type", "count"}, {"quantity", 4}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(on_hand("SKU-1"), 4);
  const Id p1 = store_->get_product_by_sku("SKU-1")->id;
  Reply m = get("/api/v1/stock/movements?type=adjustment&product_id=" + std::to_string(p1));
  ASSERT_EQ(m.status, 200) << m.body;
  ASSERT_EQ(m.json["items"].size(), 1u);
  EXPECT_EQ(m.json["items"][0]["quantity"], -3);
  EXPECT_EQ(m.json["items"][0]["reason"], "breakage");
}

TEST_F(ServerTest, AdjustmentBelowZeroIs409AndChangesNothing) {
  Reply r = post("/api/v1/stock/adjustments", {{"sku", "SKU-1"},
                                               {"location_id", location_id_},
                                               {"quantity", -11},
                                               {"reason", "oops"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_field(), "quantity");
  EXPECT_EQ(on_hand("SKU-1"), 10);
}

TEST_F(ServerTest, PurchaseOrderReceivePartiallyThenFully) {
  Reply po = post("/api/v1/purchase-orders",
                  {{"supplier_id", supplier_id_},
                   {"location_id", location_id_},
                   {"lines", {{{"sku", "SKU-2"}, {"quantity", 20}, {"unit_cost", 8.0}}}}});
  ASSERT_EQ(po.status, 201) << po.body;
  EXPECT_EQ(po.json["status"], "ordered");
  const std::string path = "/api/v1/purchase-orders/" + std::to_string(po.json["id"].get<Id>());
  EXPECT_EQ(get("/api/v1/stock/SKU-2").json["levels"][0]["on_order"], 20);

  Reply part = post(path + "/receive", {{"lines", {{{"sku", "SKU-2"}, {"quantity", 5}}}}});
  ASSERT_EQ(part.status, 200) << part.body;
  EXPECT_EQ(part.json["status"], "partially_received");
  EXPECT_EQ(on_hand("SKU-2"), 15);
  const Id p2 = store_->get_product_by_sku("SKU-2")->id;
  Reply rest = post(path + "/receive", {{"lines", {{{"product_id", p2}, {"quantity", 15}}}}});
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.json["status"], "received");
  EXPECT_EQ(on_hand("SKU-2"), 30);
  Reply again = post(path + "/receive", {{"lines", {{{"sku", "SKU-2"}, {"quantity", 1}}}}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(on_hand("SKU-2"), 30);
  EXPECT_EQ(get("/api/v1/purchase-orders?status=received").json["items"].size(), 1u);
  EXPECT_EQ(get(path).json["lines"][0]["received_quantity"], 20);
}

TEST_F(ServerTest, DraftPurchaseOrderSubmit) {
  Reply po = post("/api/v1/purchase-orders", {{"supplier_id", supplier_id_},
                                              {"location_id", location_id_},
                                              {"status", "draft"},
                                              {"lines", {{{"sku", "SKU-3"}, {"quantity", 4}}}}});
  ASSERT_EQ(po.status, 201) << po.body;
  EXPECT_EQ(po.json["status"], "draft");
  EXPECT_EQ(get("/api/v1/stock/SKU-3").json["levels"][0]["on_order"], 0);
  Reply s = post("/api/v1/purchase-orders/" + std::to_string(po.json["id"].get<Id>()) + "/submit",
                 Json::object());
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json["status"], "ordered");
  EXPECT_EQ(get("/api/v1/stock/SKU-3").json["levels"][0]["on_order"], 4);
}

}  // namespace
}  // namespace oiis::testing
