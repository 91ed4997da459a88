// Shrinkage on the demo world generated with routine counts (seed 42, 300 products, 365 days,
// every product counted every 30 days; not one of the worlds the thresholds were chosen on):
// the labelled shrinkage is found among the ordinary count differences, alerts say what, how
// unusual, why and what to check, and the evaluation counts as stated.
#include "services/shrinkage_scan.h"

#include <gtest/gtest.h>

#include "support/demo_world.h"

namespace oiis::services {
namespace {

std::vector<LabelledShrinkage> shrinkage_labels(const world::World& w) {
  std::vector<LabelledShrinkage> labels;
  for (const auto& a : w.truth.anomalies)
    if (a.type == world::AnomalyType::kShrinkage)
      labels.push_back({a.entity_id, a.product_id, a.location_id, a.date});
  return labels;
}

TEST(ShrinkageScan, FindsLabelledShrinkageAmongRoutineCounts) {
  GeneratorConfig config = testing::demo_config();
  config.cycle_count_days = 30;
  const testing::DemoWorld demo = testing::demo_world(config);
  ASSERT_TRUE(demo.store);
  auto scan = scan_shrinkage(*demo.store);
  ASSERT_TRUE(scan.is_ok()) << scan.status().to_string();
  const auto labels = shrinkage_labels(demo.world);
  ASSERT_GE(labels.size(), 5u);
  EXPECT_GT(scan->counts, 20 * labels.size()) << "routine counts beside the labelled ones";
  const ShrinkageEvaluation e = evaluate_shrinkage_scan(*scan, labels);
  EXPECT_EQ(e.labelled, labels.size());
  EXPECT_GE(10 * e.caught, 9 * e.labelled) << "the issue's bar: at least 90% caught";
  EXPECT_LT(e.false_alarm_rate(), 0.02) << e.false_alarms << " of " << e.other_counts;
  ASSERT_FALSE(scan->alerts.empty());
  for (const auto& a : scan->alerts) {
    EXPECT_FALSE(a.sku.empty());
    EXPECT_EQ(a.location, "WH1");
    EXPECT_NEAR(a.missing, a.expected - a.counted, 1e-9);
    EXPECT_FALSE(a.reasons.empty());
    EXPECT_FALSE(a.what_to_check.empty());
  }
}

TEST(ShrinkageScan, AWorldWithoutRoutineCountsOnlyCountsItsShrinkage) {
  const testing::DemoWorld demo = testing::demo_world();
  ASSERT_TRUE(demo.store);
  auto scan = scan_shrinkage(*demo.store);
  ASSERT_TRUE(scan.is_ok()) << scan.status().to_string();
  const auto labels = shrinkage_labels(demo.world);
  EXPECT_EQ(scan->counts, labels.size()) << "--cycle-count-days off: the world is as it was";
  EXPECT_EQ(evaluate_shrinkage_scan(*scan, labels).caught, labels.size());
}

TEST(ShrinkageScan, EvaluationMatchesByMovementThenByDay) {
  ShrinkageScan scan;
  scan.counts = 10;
  ShrinkageAlert by_id;
  by_id.movement_id = 5;
  ShrinkageAlert by_day;  // a renumbered movement: same product, location and day as label 2
  by_day.movement_id = 99;
  by_day.product_id = 3;
  by_day.location_id = 1;
  by_day.day = 200;
  ShrinkageAlert other;
  other.movement_id = 7;
  scan.alerts = {by_id, by_day, other};
  const auto e = evaluate_shrinkage_scan(scan, {{5, 1, 1, 100}, {6, 3, 1, 200}, {8, 4, 1, 300}});
  EXPECT_EQ(e.labelled, 3u);
  EXPECT_EQ(e.caught, 2u);
  EXPECT_EQ(e.false_alarms, 1u);
  EXPECT_EQ(e.other_counts, 7u);
  EXPECT_NEAR(e.recall(), 2.0 / 3, 1e-12);
  EXPECT_NEAR(e.false_alarm_rate(), 1.0 / 7, 1e-12);
}

TEST(ShrinkageScan, BadOptionsAreRefusedAndAnEmptyStoreHasNoCounts) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  anomaly::ShrinkageOptions options;
  options.min_robust_z = 0;
  EXPECT_FALSE(scan_shrinkage(**store, options).is_ok());
  auto scan = scan_shrinkage(**store);
  ASSERT_TRUE(scan.is_ok()) << scan.status().to_string();
  EXPECT_EQ(scan->counts, 0u);
  EXPECT_TRUE(scan->alerts.empty());
}

}  // namespace
}  // namespace oiis::services
