// Price anomalies over a generated world's price log find its injected price errors (x10 and
// x0.1 typos) and flag almost none of its promotions, markdowns and cost changes.
#include <gtest/gtest.h>

#include "services/anomaly_service.h"
#include "support/demo_world.h"

namespace oiis::services {
namespace {

TEST(AnomalyService, PriceScanCatchesTheInjectedPriceErrors) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  const world::World& world = demo.world;
  Store& store = *demo.store;
  auto scan = scan_prices(store);
  ASSERT_TRUE(scan.is_ok()) << scan.status().to_string();
  std::vector<LabelledPriceError> labels;
  for (const auto& a : world.truth.anomalies)
    if (a.type == world::AnomalyType::kPriceError) labels.push_back({a.product_id, a.date});
  ASSERT_GE(labels.size(), 2u);
  const PriceEvaluation e = evaluate_price_scan(*scan, labels);
  EXPECT_EQ(e.caught, e.labelled);
  EXPECT_GT(e.other_changes, 1000u);
  EXPECT_LE(e.false_flag_rate(), 0.01);
  for (const auto& alert : scan->alerts) EXPECT_FALSE(alert.anomaly.reason.empty());
  anomaly::PriceAnomalyOptions bad;
  bad.min_ratio = 0.5;
  EXPECT_EQ(scan_prices(store, bad).status().field(), "min_ratio");
}

}  // namespace
}  // namespace oiis::services
