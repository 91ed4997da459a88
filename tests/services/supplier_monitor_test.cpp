// Supplier drift charts on the demo world generated with supplier drifts (seed 42, one of the two
// worlds the chart settings were chosen on): every labelled drift is caught within 3 deliveries
// of its start, with few false alarms; the evaluation counts delays and false alarms as stated.
#include "services/supplier_monitor.h"

#include <gtest/gtest.h>

#include "support/demo_world.h"

namespace oiis::services {
namespace {

TEST(SupplierMonitor, CatchesEveryInjectedDriftWithinThreeDeliveries) {
  GeneratorConfig config = testing::demo_config();
  config.supplier_drift_from = date_from_civil(2023, 9, 1);
  const testing::DemoWorld demo = testing::demo_world(config);
  ASSERT_TRUE(demo.store);
  const world::World& w = demo.world;
  auto charts = scan_supplier_drift(*demo.store);
  ASSERT_TRUE(charts.is_ok()) << charts.status().to_string();
  std::vector<LabelledSupplierDrift> labels;
  for (const auto& a : w.truth.anomalies)
    if (a.type == world::AnomalyType::kSupplierDrift) labels.push_back({a.supplier_id, a.date});
  ASSERT_GE(labels.size(), 6u);
  std::size_t drifts = 0, false_alarms = 0, in_control = 0;
  for (const auto& r : evaluate_supplier_drift(*charts, labels)) {
    false_alarms += r.false_alarms;
    in_control += r.start ? *r.start : r.deliveries;
    if (!r.drifted) continue;
    ++drifts;
    ASSERT_TRUE(r.delay.has_value()) << "supplier " << r.supplier_id;
    EXPECT_LE(*r.delay, 3u) << "supplier " << r.supplier_id;
  }
  EXPECT_EQ(drifts, labels.size());
  EXPECT_LE(false_alarms, in_control / 100) << "at most 1% of in-control deliveries";
  for (const auto& c : *charts)
    for (const auto& a : c.alarms) EXPECT_TRUE(a.metric == "lead_time" || a.metric == "fill_rate");
}

TEST(SupplierMonitor, EvaluationCountsDelayAndFalseAlarms) {
  SupplierChart chart;
  chart.supplier_id = 7;
  for (int i = 0; i < 10; ++i)
    chart.deliveries.push_back({static_cast<Id>(i + 1), timestamp_of(100 + i), timestamp_of(105 + i), 5, 1});
  for (std::size_t at : {2u, 7u, 8u}) chart.alarms.push_back({"lead_time", at, 9, 5, {}});
  SupplierChart quiet = chart;
  quiet.supplier_id = 8;
  const auto results = evaluate_supplier_drift({chart, quiet}, {{7, 105}});
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].drifted);
  EXPECT_EQ(results[0].start, 5u);         // the first delivery ordered on day 105
  EXPECT_EQ(results[0].delay, 3u);         // deliveries 5, 6, 7: the alarm on the third
  EXPECT_EQ(results[0].false_alarms, 1u);  // the alarm before the drift
  EXPECT_FALSE(results[1].drifted);
  EXPECT_EQ(results[1].false_alarms, 3u);
  EXPECT_FALSE(results[1].delay.has_value());
}

}  // namespace
}  // namespace oiis::services
