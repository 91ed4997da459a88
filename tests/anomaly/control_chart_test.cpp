// EWMA and CUSUM charts: a sustained shift alarms within a few observations, noise and one wild
// value do not, the low side watches falling values, and bad options name their field.
#include "anomaly/control_chart.h"

#include <cmath>
#include <gtest/gtest.h>

namespace oiis::anomaly {
namespace {

// Deterministic in-control noise around `level`: alternating signs, sizes 0.5 to 1.5 (standard
// deviation about 1), so no run of high values builds up by chance.
std::vector<double> noise(std::size_t n, double level) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double size = 0.5 + static_cast<double>((i * 7) % 11) / 10.0;
    v[i] = level + (i % 2 == 0 ? size : -size);
  }
  return v;
}

TEST(ControlChart, InControlNoiseAndOneWildValueRaiseNoAlarm) {
  auto values = noise(300, 10);
  EXPECT_TRUE(control_chart(values, DriftSide::kHigh).alarms.empty());
  values[150] = 40;  // a single very late delivery: clipped, cannot alarm alone
  const ChartResult r = control_chart(values, DriftSide::kHigh);
  EXPECT_TRUE(r.alarms.empty());
  EXPECT_NEAR(r.level, 10, 0.3);
  EXPECT_NEAR(r.spread, 1.0, 0.2);
}

TEST(ControlChart, ASustainedShiftAlarmsWithinThreeObservations) {
  auto values = noise(300, 10);
  for (std::size_t i = 200; i < 300; ++i) values[i] += 2.5;  // 2.5 spreads up
  const ChartResult r = control_chart(values, DriftSide::kHigh);
  ASSERT_FALSE(r.alarms.empty());
  EXPECT_GE(r.alarms[0].index, 200u);
  EXPECT_LE(r.alarms[0].index, 202u);
  EXPECT_GT(r.alarms.size(), 5u) << "a drift that persists alarms again after each restart";
  EXPECT_TRUE(control_chart(values, DriftSide::kLow).alarms.empty()) << "wrong side: no alarm";
}

TEST(ControlChart, LowSideCatchesAFallingFillRateFromAFlatBaseline) {
  std::vector<double> fill(100, 1.0);
  for (std::size_t i = 60; i < 100; ++i) fill[i] = 0.85;
  ControlChartOptions o;
  o.min_spread = 0.02;  // a flat baseline has no spread of its own
  const ChartResult r = control_chart(fill, DriftSide::kLow, o);
  ASSERT_FALSE(r.alarms.empty());
  EXPECT_EQ(r.alarms[0].index, 61u);  // the second short delivery
  EXPECT_EQ(r.alarms[0].chart, "ewma+cusum");
}

TEST(ControlChart, TooFewValuesAndBadOptions) {
  EXPECT_TRUE(control_chart(noise(30, 5), DriftSide::kHigh).alarms.empty());
  ControlChartOptions o;
  o.ewma_lambda = 0;
  EXPECT_EQ(validate(o).field(), "ewma_lambda");
  o = {};
  o.cusum_limit = -1;
  EXPECT_EQ(validate(o).field(), "cusum_limit");
  o = {};
  o.baseline = 2;
  EXPECT_EQ(validate(o).field(), "baseline");
}

}  // namespace
}  // namespace oiis::anomaly
