// Metric formulas against values computed by hand.
#include "forecast/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace oiis::forecast {
namespace {

TEST(Metrics, PointErrors) {
  const std::vector<double> a{100, 200}, f{110, 180};
  EXPECT_DOUBLE_EQ(mae(a, f), 15.0);
  EXPECT_DOUBLE_EQ(rmse(a, f), std::sqrt((100.0 + 400.0) / 2));
  EXPECT_DOUBLE_EQ(bias(a, f), (10.0 - 20.0) / 2);
  EXPECT_DOUBLE_EQ(wape(a, f), 30.0 / 300.0);
  // M4 sMAPE: mean of 200 |y - f| / (|y| + |f|).
  EXPECT_NEAR(smape(a, f), (200.0 * 10 / 210 + 200.0 * 20 / 380) / 2, 1e-12);
}

TEST(Metrics, SmapeOfZeroPairIsZero) {
  const std::vector<double> a{0, 10}, f{0, 10};
  EXPECT_DOUBLE_EQ(smape(a, f), 0.0);
}

TEST(Metrics, MaseScalesBySeasonalNaiveInSample) {
  const std::vector<double> insample{1, 2, 4, 7};  // |diffs| 1, 2, 3 -> scale 2
  const std::vector<double> a{8, 10}, f{9, 9};
  EXPECT_DOUBLE_EQ(seasonal_naive_scale(insample, 1), 2.0);
  EXPECT_DOUBLE_EQ(mase(insample, a, f, 1), 0.5);
  // m = 2: |4-1|, |7-2| -> scale 4.
  EXPECT_DOUBLE_EQ(mase(insample, a, f, 2), 0.25);
  // Undefined scales are NaN, never a division by zero.
  EXPECT_TRUE(std::isnan(mase(std::vector<double>{5, 5, 5}, a, f, 1)));
  EXPECT_TRUE(std::isnan(mase(insample, a, f, 4)));
}

TEST(Metrics, PinballAndCoverage) {
  const std::vector<double> a{10, 20}, q{12, 15};
  // q = 0.9: under-forecast costs 0.9 per unit, over-forecast 0.1 per unit.
  EXPECT_NEAR(pinball(a, q, 0.9), (0.1 * 2 + 0.9 * 5) / 2, 1e-12);
  const std::vector<double> lo{9, 21}, hi{11, 25};
  EXPECT_DOUBLE_EQ(coverage(a, lo, hi), 0.5);
}

TEST(Metrics, OwaIsMeanOfRelativeErrors) {
  EXPECT_DOUBLE_EQ(owa(9.0, 2.0, 10.0, 4.0), 0.5 * (0.9 + 0.5));
  EXPECT_DOUBLE_EQ(owa(10.0, 4.0, 10.0, 4.0), 1.0);
}

TEST(Metrics, NonFinitePairsSkipped) {
  const std::vector<double> a{1, NAN, 3}, f{2, 5, 3};
  EXPECT_DOUBLE_EQ(mae(a, f), 0.5);
  EXPECT_TRUE(std::isnan(mae(std::vector<double>{}, std::vector<double>{})));
  MeanAccumulator acc;
  acc.add(1), acc.add(NAN), acc.add(3);
  EXPECT_DOUBLE_EQ(acc.mean(), 2.0);
  EXPECT_EQ(acc.count(), 2);
}

TEST(Metrics, ConformalQuantileTakesTheRankAboveAndSkipsNonFinite) {
  const double nan = std::nan("");
  // n = 9: p = 0.8 takes rank ceil(0.8 * 10) = 8, not the interpolated 7.4th value.
  EXPECT_DOUBLE_EQ(conformal_quantile({9, 1, 8, 2, 7, 3, 6, 4, 5}, 0.8), 8);
  // Small samples saturate at the largest value instead of extrapolating.
  EXPECT_DOUBLE_EQ(conformal_quantile({3, 1, 2}, 0.95), 3);
  EXPECT_DOUBLE_EQ(conformal_quantile({nan, 5, 1, INFINITY}, 0.1), 1);
  EXPECT_TRUE(std::isnan(conformal_quantile({nan}, 0.5)));
}

}  // namespace
}  // namespace oiis::forecast
