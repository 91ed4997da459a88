// /api/v1/inventory/... and POST /api/v1/purchase-orders/{id}/approve over a small store.
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "common/time.h"
#include "services/inventory_service.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

class InventoryRoutesTest : public ServerTest {
 protected:
  // Sells `units` of `sku` on each of the last `days` days.
  void sell(const std::string& sku, int units, int days) {
    const Date today = date_of(now_utc());
    for (int d = days; d >= 1; --d) {
      OrderRequest r;
      r.customer_id = customer_id_;
      r.placed_at = timestamp_of(today - d) + 3600;
      r.lines.push_back({sku, units, std::nullopt, 0.0});
      ASSERT_TRUE(store_->place_order(r).is_ok());
    }
  }
};

TEST_F(InventoryRoutesTest, AbcRanksProductsByRevenue) {
  sell("SKU-3", 1, 6);  // 6 x 30 = 180
  sell("SKU-1", 1, 3);  // 3 x 10 = 30
  Reply r = get("/api/v1/inventory/abc", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_GE(r.json["items"].size(), 2u) << r.body;
  EXPECT_EQ(r.json["items"][0]["sku"], "SKU-3");
  EXPECT_EQ(r.json["items"][0]["abc"], "A");
  EXPECT_GE(r.json["items"][0]["revenue"].get<double>(), r.json["items"][1]["revenue"].get<double>());
}

TEST_F(InventoryRoutesTest, BadParameterIsNamedAndReorderPlanAnswers) {
  Reply bad = get("/api/v1/inventory/reorder-plan?history_days=3", kReadKey);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["field"], "history_days");
  sell("SKU-2", 1, 8);
  Reply plan = get("/api/v1/inventory/reorder-plan", kReadKey);
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_TRUE(plan.json.is_object());
}

// Issue 11 row 8: one product created without a supplier made the plan (and its drafts) fail
// for every caller. It is now listed as unplanned, with the reason, and the rest is planned.
TEST_F(InventoryRoutesTest, Row8ProductWithoutSupplierIsListedAndTheRestIsPlanned) {
  sell("SKU-2", 1, 9);  // 1 of 10 left: SKU-2 needs reordering
  Reply created = post("/api/v1/products", {{"sku", "N"}, {"name", "n"}, {"price", 1}}, kWriteKey);
  ASSERT_EQ(created.status, 201) << created.body;
  Reply plan = get("/api/v1/inventory/reorder-plan", kReadKey);
  ASSERT_EQ(plan.status, 200) << plan.body;
  ASSERT_EQ(plan.json["unplanned"].size(), 1u) << plan.body;
  EXPECT_EQ(plan.json["unplanned"][0]["sku"], "N");
  EXPECT_NE(plan.json["unplanned"][0]["reason"].get<std::string>().find("no supplier"),
            std::string::npos);
  EXPECT_EQ(plan.json["unplanned"][0]["name"], "n");
  EXPECT_NE(plan.json["unplanned"][0]["field"].get<std::string>().find("supplier_id"),
            std::string::npos);
  EXPECT_FALSE(plan.json["caveats"].empty()) << plan.body;
  bool planned_sku2 = false;
  for (const auto& line : plan.json["lines"]) planned_sku2 |= line["sku"] == "SKU-2";
  EXPECT_TRUE(planned_sku2) << plan.body;
  Reply drafts = post("/api/v1/inventory/reorder-plan/drafts", Json::object(), kWriteKey);
  EXPECT_EQ(drafts.status, 201) << drafts.body;
  for (const auto& po : drafts.json["items"])
    for (const auto& line : po["lines"])
      EXPECT_NE(line["product_id"], created.json["id"]) << drafts.body;
}

TEST_F(InventoryRoutesTest, DeclaredDefaultsPlanAProductWithoutSupplierAndSaySo) {
  sell("SKU-2", 1, 9);
  Reply created = post("/api/v1/products", {{"sku", "N"}, {"name", "n"}, {"price", 4}}, kWriteKey);
  ASSERT_EQ(created.status, 201) << created.body;
  StockAdjustment count;  // stock to sell from: N has no supplier and no cost
  count.product_id = created.json["id"].get<Id>();
  count.location_id = location_id_;
  count.type = MovementType::kCount;
  count.quantity = 10;
  count.reason = "seed";
  ASSERT_TRUE(store_->adjust_stock(count));
  sell("N", 1, 9);
  const std::string id = std::to_string(supplier_id_);
  Reply plan = get("/api/v1/inventory/reorder-plan?default_supplier=" + id +
                       "&default_cost_share=0.5&method=profile",
                   kReadKey);
  ASSERT_EQ(plan.status, 200) << plan.body;
  EXPECT_TRUE(plan.json["unplanned"].empty()) << plan.body;
  int planned = 0;
  for (const auto& line : plan.json["lines"]) {
    if (line["sku"] != "N") continue;
    ++planned;
    const std::string notes = line["missing"].dump();
    EXPECT_NE(notes.find("default supplier"), std::string::npos) << notes;
    EXPECT_NE(notes.find("50% of the price"), std::string::npos) << notes;
    EXPECT_DOUBLE_EQ(line["unit_cost"].get<double>(), 2.0);
  }
  EXPECT_EQ(planned, 1) << plan.body;
  for (const char* bad : {"default_cost_share=1.5", "default_cost_share=x", "default_supplier=0"}) {
    Reply r = get(std::string("/api/v1/inventory/reorder-plan?") + bad, kReadKey);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.json["error"]["field"], std::string(bad).substr(0, std::string(bad).find('=')));
  }
}

TEST_F(InventoryRoutesTest, ReportsCarryModelVersionDataDateAndParameters) {
  sell("SKU-2", 1, 8);
  Reply plan = get("/api/v1/inventory/reorder-plan?method=profile", kReadKey);
  ASSERT_EQ(plan.status, 200) << plan.body;
  const Json& p = plan.json["provenance"];
  EXPECT_EQ(p["model_version"], services::kInventoryModelVersion);
  EXPECT_EQ(p["data_date"], format_date(date_of(now_utc()) - 1));
  EXPECT_EQ(p["parameters"]["forecast_method"], "profile");
  EXPECT_TRUE(p["parameters"]["policy"]["service"].contains("A"));
}

// Issue 11 row 11: every GET wrote a report file (one per distinct as_of, so a read key could
// fill the disk) and answered with the server's absolute path.
TEST_F(InventoryRoutesTest, Row11GetReportsWriteNoFilesAndNameNoServerPath) {
  std::string folder = (std::filesystem::temp_directory_path() / "oiis-inv-XXXXXX").string();
  ASSERT_NE(::mkdtemp(folder.data()), nullptr);
  shutdown();
  ServerConfig config;
  config.artefact_dir = folder + "/inventory";
  start(config);
  sell("SKU-2", 1, 8);
  const std::string today = format_date(date_of(now_utc()));
  const std::vector<std::string> paths = {"/api/v1/inventory/reorder-plan", "/api/v1/inventory/abc",
                                          "/api/v1/inventory/abc?as_of=" + today,
                                          "/api/v1/inventory/pricing"};
  for (const std::string& path : paths) {
    Reply r = get(path, kReadKey);
    ASSERT_EQ(r.status, 200) << path << " " << r.body;
    EXPECT_FALSE(r.json.contains("artefact")) << path;
    EXPECT_EQ(r.body.find(folder), std::string::npos) << path;
  }
  EXPECT_TRUE(std::filesystem::is_empty(folder));
  std::filesystem::remove_all(folder);
}

TEST_F(InventoryRoutesTest, ApproveOrdersADraftOnceAndNeedsWriteRole) {
  const Id id = draft_purchase_order();
  const std::string path = "/api/v1/purchase-orders/" + std::to_string(id) + "/approve";
  EXPECT_EQ(post(path, Json::object(), kReadKey).status, 403);
  Reply ok = post(path, Json::object(), kWriteKey);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json["status"], "ordered");
  EXPECT_EQ(store_->get_stock(store_->get_product_by_sku("SKU-1")->id, location_id_)->on_order, 12);
  Reply again = post(path, Json::object(), kWriteKey);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(post("/api/v1/purchase-orders/999999/approve", Json::object(), kWriteKey).status, 404);
}

}  // namespace
}  // namespace oiis::testing
