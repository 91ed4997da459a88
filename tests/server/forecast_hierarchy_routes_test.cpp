// GET /api/v1/forecast/total and /api/v1/forecast/category/{name}: reconciled forecasts of
// the fixture's two categories (widgets: SKU-1, SKU-2; tools: SKU-3) that add up.
#include <cmath>

#include "common/time.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

class ForecastHierarchyRoutesTest : public ServerTest {
 protected:
  // Orders of all three SKUs every day for `days` days, ending yesterday.
  void order_daily(int days) {
    for (const char* sku : {"SKU-1", "SKU-2", "SKU-3"}) {
      auto product = store_->get_product_by_sku(sku);
      ASSERT_TRUE(product.is_ok());
      StockAdjustment more;
      more.product_id = product->id;
      more.location_id = location_id_;
      more.quantity = 1000;
      more.reason = "test stock";
      ASSERT_TRUE(store_->adjust_stock(more).is_ok());
    }
    const Date today = date_of(now_utc());
    for (int d = days; d >= 1; --d) {
      OrderRequest r;
      r.customer_id = customer_id_;
      r.placed_at = timestamp_of(today - d) + 3600;
      for (const auto& [sku, units] :
           {std::pair{"SKU-1", 1 + d % 3}, {"SKU-2", 2}, {"SKU-3", 1 + d % 2}}) {
        OrderRequestLine line;
        line.sku = sku;
        line.quantity = units;
        r.lines.push_back(line);
      }
      ASSERT_TRUE(store_->place_order(r).is_ok());
    }
  }
};

double at(const Json& v, std::size_t h) {
  return v[h].get<double>();
}

// Each step of `node.mean` equals the sum of its children's means.
void expect_children_add_up(const Json& node, std::size_t horizon) {
  ASSERT_TRUE(node.contains("children")) << node.dump();
  ASSERT_EQ(node["mean"].size(), horizon);
  for (std::size_t h = 0; h < horizon; ++h) {
    double sum = 0;
    for (const Json& child : node["children"]) sum += at(child["mean"], h);
    EXPECT_NEAR(at(node["mean"], h), sum, 1e-9 * (1 + sum)) << "step " << h;
    EXPECT_LE(at(node["lo95"], h), at(node["mean"], h));
    EXPECT_GE(at(node["hi95"], h), at(node["mean"], h));
  }
}

TEST_F(ForecastHierarchyRoutesTest, TotalAndCategoriesAddUp) {
  order_daily(45);
  Reply total = get("/api/v1/forecast/total?horizon=7", kReadKey);
  ASSERT_EQ(total.status, 200) << total.body;
  EXPECT_EQ(total.json["node_level"], "total");
  EXPECT_EQ(total.json["reconciliation"], "mint");
  EXPECT_EQ(total.json["reconciliation_note"], "");
  ASSERT_EQ(total.json["children"].size(), 2u);
  expect_children_add_up(total.json, 7);
  EXPECT_GT(at(total.json["mean"], 0), 0.0);
  EXPECT_EQ(total.json["base"]["mean"].size(), 7u);

  Reply widgets = get("/api/v1/forecast/category/widgets?horizon=7", kReadKey);
  ASSERT_EQ(widgets.status, 200) << widgets.body;
  EXPECT_EQ(widgets.json["parent"], "total");
  ASSERT_EQ(widgets.json["children"].size(), 2u);  // SKU-1, SKU-2
  expect_children_add_up(widgets.json, 7);
  // The category's reconciled forecast is the one the total was built from.
  for (const Json& child : total.json["children"]) {
    if (child["name"] == "widgets") {
      EXPECT_EQ(child["mean"], widgets.json["mean"]);
    }
  }

  Reply bottom_up =
      get("/api/v1/forecast/category/tools?horizon=7&reconcile=bottom-up&level=weekly", kReadKey);
  ASSERT_EQ(bottom_up.status, 200) << bottom_up.body;
  EXPECT_EQ(bottom_up.json["reconciliation"], "bottom-up");
  expect_children_add_up(bottom_up.json, 7);
}

TEST_F(ForecastHierarchyRoutesTest, ShortHistoryFallsBackToStructuralWeights) {
  order_daily(10);  // fewer days than mint's 28-day residual window
  Reply r = get("/api/v1/forecast/total?horizon=3", kReadKey);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["reconciliation"], "wls-struct");
  EXPECT_NE(r.json["reconciliation_note"].get<std::string>().find("too few"), std::string::npos);
  expect_children_add_up(r.json, 3);
}

TEST_F(ForecastHierarchyRoutesTest, InputsAreValidated) {
  order_daily(5);
  EXPECT_EQ(get("/api/v1/forecast/category/garden", kReadKey).status, 404);
  EXPECT_EQ(get("/api/v1/forecast/total?reconcile=topdown").error_field(), "reconcile");
  EXPECT_EQ(get("/api/v1/forecast/total?horizon=0").error_field(), "horizon");
  EXPECT_EQ(get("/api/v1/forecast/category/tools?level=hourly").error_field(), "level");
  EXPECT_EQ(get("/api/v1/forecast/total", nullptr).status, 401);
  // The SKU route still answers for SKUs (the literal "total" and "category" win only there).
  EXPECT_EQ(get("/api/v1/forecast/SKU-1?horizon=2", kReadKey).status, 200);
  // Both routes are documented.
  Reply spec = get("/openapi.json");
  ASSERT_EQ(spec.status, 200);
  EXPECT_TRUE(spec.json["paths"].contains("/api/v1/forecast/total"));
  EXPECT_TRUE(spec.json["paths"].contains("/api/v1/forecast/category/{name}"));
}

}  // namespace
}  // namespace oiis::testing
