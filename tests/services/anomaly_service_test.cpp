// Price anomalies over a generated world's price log find its injected price errors (x10 and
// x0.1 typos) and flag almost none of its promotions, markdowns and cost changes.
#include <gtest/gtest.h>

#include "data/generator_writer.h"
#include "data/world.h"
#include "services/anomaly_service.h"

namespace oiis::services {
namespace {

TEST(AnomalyService, PriceScanCatchesTheInjectedPriceErrors) {
  GeneratorConfig config;
  config.seed = 42;
  config.products = 300;
  config.customers = 3000;
  config.days = 365;
  const world::World world = world::build_world(config);
  auto store = open_store(":memory:");
  ASSERT_TRUE(store.is_ok());
  ASSERT_TRUE(write_world_to_store(world, **store).is_ok());
  auto scan = scan_prices(**store);
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
  EXPECT_EQ(scan_prices(**store, bad).status().field(), "min_ratio");
}

}  // namespace
}  // namespace oiis::services
