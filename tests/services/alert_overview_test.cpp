// Stored alerts from the anomaly scans, and the business overview's KPIs, on the demo world;
// and the overview of a shop with no stock levels or costs (an imported one) saying so.
#include <gtest/gtest.h>

#include <set>

#include "services/alert_service.h"
#include "services/overview_service.h"
#include "store/agent_tables.h"
#include "support/demo_world.h"

namespace oiis::services {
namespace {

class AlertsAndOverview : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = new testing::DemoWorld(testing::demo_world()); }
  static void TearDownTestSuite() { delete demo_; }
  static Store& store() { return *demo_->store; }
  static const Json* kpi(const Json& overview, const std::string& key) {
    for (const auto& k : overview["kpis"])
      if (k["key"] == key) return &k;
    return nullptr;
  }
  static testing::DemoWorld* demo_;
};
testing::DemoWorld* AlertsAndOverview::demo_ = nullptr;

TEST_F(AlertsAndOverview, ScanStoresEveryInjectedFraudOnceWithReasons) {
  ASSERT_TRUE(demo_->store);
  AlertScanOptions all_history;
  all_history.since = 0;
  auto first = scan_and_store_alerts(store(), all_history);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_GT(first->added.at("fraud"), 0u);
  EXPECT_EQ(first->added.at("fraud"), first->found.at("fraud"));
  std::set<Id> alerted;
  AlertFilter fraud;
  fraud.type = "fraud";
  fraud.limit = 1000;
  auto stored = store().alerts().list(fraud);
  ASSERT_TRUE(stored.is_ok());
  for (const auto& a : *stored) {
    alerted.insert(a.record_id);
    EXPECT_EQ(a.record_kind, "order");
    EXPECT_FALSE(a.check.empty());
    const Json reasons = Json::parse(a.reasons);
    ASSERT_GE(reasons.size(), 2u);  // two rules at least
    EXPECT_FALSE(reasons[0]["text"].get<std::string>().empty());
  }
  for (const auto& a : demo_->world.truth.anomalies)
    if (a.type == world::AnomalyType::kFraud) {
      EXPECT_TRUE(alerted.count(a.entity_id)) << a.entity_id;
    }
  // A rescan adds nothing; an acknowledged alert stays acknowledged.
  const Id some = *alerted.begin();
  AlertFilter of_order;
  of_order.record_kind = "order";
  of_order.record_id = some;
  const Id alert_id = store().alerts().list(of_order).value().at(0).id;
  auto acked = change_alert_status(store(), alert_id, AlertStatus::kAcknowledged, "calling the customer", "ops");
  ASSERT_TRUE(acked.is_ok());
  EXPECT_EQ((*acked)["status"], "acknowledged");
  auto again = scan_and_store_alerts(store(), all_history);
  ASSERT_TRUE(again.is_ok());
  for (const auto& [type, n] : again->added) EXPECT_EQ(n, 0u) << type;
  EXPECT_EQ(store().alerts().get(alert_id).value().status, AlertStatus::kAcknowledged);
  AlertScanOptions bad;
  bad.types = {"weather"};
  EXPECT_EQ(scan_and_store_alerts(store(), bad).status().field(), "types");
}

TEST_F(AlertsAndOverview, OverviewFlowsMatchAnIndependentQuery) {
  ASSERT_TRUE(demo_->store);
  OverviewOptions quarter;
  quarter.period = "quarter";
  auto overview = business_overview(store(), quarter);
  ASSERT_TRUE(overview.is_ok()) << overview.status().to_string();
  const Json& o = *overview;
  const Date from = parse_date(o["current"]["from"].get<std::string>()).value();
  const Date to = parse_date(o["current"]["to"].get<std::string>()).value();
  EXPECT_EQ(to - from + 1, 91);
  auto sql = store().agents().read_only_query(
      "SELECT coalesce(sum(l.quantity * l.unit_price - l.discount), 0), count(DISTINCT o.id) FROM orders o "
      "JOIN order_lines l ON l.order_id = o.id WHERE o.placed_at >= ? AND o.placed_at < ? AND "
      "o.status NOT IN ('cancelled', 'returned')",
      {static_cast<Timestamp>(from) * 86400, static_cast<Timestamp>(to + 1) * 86400}, QueryLimits{});
  ASSERT_TRUE(sql.is_ok()) << sql.status().to_string();
  EXPECT_NEAR((*kpi(o, "revenue"))["value"].get<double>(), sql->rows[0][0].get<double>(), 0.01);
  EXPECT_EQ((*kpi(o, "orders"))["value"].get<std::int64_t>(), sql->rows[0][1].get<std::int64_t>());
  EXPECT_EQ((*kpi(o, "revenue"))["spark"].size(), 91u);
  EXPECT_TRUE((*kpi(o, "revenue"))["previous"].is_number());  // 365 days reach back two quarters
  EXPECT_TRUE((*kpi(o, "revenue"))["last_year"].is_null());   // ... but not a year
  EXPECT_FALSE(o["caveats"].empty());
  const double fill = (*kpi(o, "fill_rate"))["value"].get<double>();
  EXPECT_GT(fill, 0.5);
  EXPECT_LE(fill, 1.0);
  EXPECT_GT((*kpi(o, "inventory_value"))["value"].get<double>(), 0);
  EXPECT_TRUE((*kpi(o, "stockouts"))["value"].is_number());
  OverviewOptions bad;
  bad.period = "fortnight";
  EXPECT_EQ(business_overview(store(), bad).status().field(), "period");
}

TEST(Overview, AShopWithoutStockLevelsOrCostsSaysWhatIsMissing) {
  auto opened = open_store(":memory:");
  ASSERT_TRUE(opened.is_ok());
  Store& s = **opened;
  auto bulk = s.begin_bulk();
  ASSERT_TRUE(bulk.is_ok());
  Product p;
  p.sku = "85123A";
  p.name = "White hanging heart";
  p.price = 2.55;
  const Id product = (*bulk)->add_product(p).value();
  Location shop;
  shop.code = "MAIN";
  shop.name = "Shop";
  const Id location = (*bulk)->add_location(shop).value();
  for (int day = 0; day < 40; ++day) {
    Order o;
    o.location_id = location;
    o.status = OrderStatus::kDelivered;
    o.placed_at = (20000 + day) * Timestamp{86400} + 3600;
    o.fulfilled_at = o.placed_at;
    o.lines.push_back({0, 0, product, "85123A", 3, 2.55, 0});
    ASSERT_TRUE((*bulk)->add_order(o).is_ok());
  }
  ASSERT_TRUE((*bulk)->commit().is_ok());
  auto overview = business_overview(s, {});
  ASSERT_TRUE(overview.is_ok()) << overview.status().to_string();
  const Json& o = *overview;
  auto find = [&](const char* key) {
    for (const auto& k : o["kpis"])
      if (k["key"] == key) return k;
    return Json();
  };
  EXPECT_NEAR(find("revenue")["value"].get<double>(), 30 * 3 * 2.55, 1e-6);
  for (const char* key : {"inventory_value", "turnover", "stockouts"}) {
    EXPECT_TRUE(find(key)["value"].is_null()) << key;
    EXPECT_NE(find(key)["missing"].get<std::string>().find("stock"), std::string::npos) << key;
  }
  EXPECT_TRUE(find("fill_rate")["missing"].is_string());  // no cancellations recorded
  EXPECT_TRUE(find("fill_rate")["value"].is_null());
  EXPECT_EQ(find("open_alerts")["value"], 0);
}

}  // namespace
}  // namespace oiis::services
