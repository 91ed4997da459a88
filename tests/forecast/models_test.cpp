// Each model recovers what a simulated series was built from, and intervals cover at about
// their nominal rates. Series are small so the suite stays fast under sanitizers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "forecast/decompose.h"
#include "forecast/ets.h"
#include "forecast/auto_select.h"
#include "forecast/forecast.h"
#include "forecast/metrics.h"

namespace oiis::forecast {
namespace {

using detail::EtsError;
using detail::EtsSeason;
using detail::EtsTrend;

// Local level model y_t = l_{t-1} + e_t, l_t = l_{t-1} + alpha e_t (SES is optimal for it).
std::vector<double> local_level(int n, double alpha, double sigma, std::mt19937& rng) {
  std::normal_distribution<double> e(0, sigma);
  std::vector<double> y(n);
  double l = 100;
  for (int t = 0; t < n; ++t) {
    const double err = e(rng);
    y[t] = l + err;
    l += alpha * err;
  }
  return y;
}

Forecast run(std::span<const double> y, Method m, int h, int season = 1, bool intervals = true) {
  ForecastOptions opt;
  opt.horizon = h;
  opt.season_length = season;
  opt.method = m;
  opt.intervals = intervals;
  auto f = forecast(y, opt);
  EXPECT_TRUE(f.is_ok()) << f.status().to_string();
  return f ? std::move(f).value() : Forecast{};
}

TEST(Ets, RecoversSesAlpha) {
  std::mt19937 rng(1);
  for (double alpha : {0.2, 0.6}) {
    const auto y = local_level(1500, alpha, 1.0, rng);
    const auto fit = detail::fit_ets(y, {EtsError::kAdditive, EtsTrend::kNone, EtsSeason::kNone}, 1);
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->alpha, alpha, 0.06);
    EXPECT_NEAR(fit->sigma2, 1.0, 0.15);
  }
}

TEST(Ets, ExtrapolatesLinearTrend) {
  std::mt19937 rng(2);
  std::normal_distribution<double> e(0, 0.5);
  std::vector<double> y(200);
  for (int t = 0; t < 200; ++t) y[t] = 10 + 2.0 * t + e(rng);
  const Forecast f = run(y, Method::kHolt, 10);
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(f.mean[i], 10 + 2.0 * (200 + i), 2.0);
  const Forecast auto_ets = run(y, Method::kEts, 10);
  EXPECT_NE(auto_ets.model.find(",A"), std::string::npos) << auto_ets.model;  // trended model
}

TEST(Ets, RecoversSeasonalPattern) {
  std::mt19937 rng(3);
  std::normal_distribution<double> e(0, 0.3);
  const double pattern[12] = {5, 3, 1, -1, -3, -5, -4, -2, 0, 2, 4, 0};
  std::vector<double> y(240);
  for (int t = 0; t < 240; ++t) y[t] = 50 + pattern[t % 12] + e(rng);
  const Forecast f = run(y, Method::kEts, 24, 12);
  EXPECT_NE(f.model.find(",A)"), std::string::npos) << f.model;  // additive season chosen
  for (int i = 0; i < 24; ++i) EXPECT_NEAR(f.mean[i], 50 + pattern[(240 + i) % 12], 1.0) << i;
  EXPECT_TRUE(detail::seasonality_test(y, 12));
}

TEST(Ets, MultiplicativeSeasonOnGrowingSeries) {
  std::mt19937 rng(4);
  std::normal_distribution<double> e(0, 0.01);
  const double factor[4] = {1.3, 0.8, 0.7, 1.2};
  std::vector<double> y(120);
  for (int t = 0; t < 120; ++t) y[t] = (100 + 0.5 * t) * factor[t % 4] * (1 + e(rng));
  const Forecast f = run(y, Method::kEts, 8, 4);
  for (int i = 0; i < 8; ++i) {
    const double truth = (100 + 0.5 * (120 + i)) * factor[(120 + i) % 4];
    EXPECT_NEAR(f.mean[i] / truth, 1.0, 0.05) << f.model << " step " << i;
  }
}

// Coverage over many simulated local-level series, h = 1..5.
double coverage_rate(Method m, double level, std::mt19937& rng) {
  const int h = 5;
  double inside = 0, total = 0;
  for (int rep = 0; rep < 150; ++rep) {
    const auto y = local_level(160 + h, 0.5, 1.0, rng);
    const std::span<const double> train(y.data(), 160), test(y.data() + 160, h);
    const Forecast f = run(train, m, h);
    const auto& lo = level == 95 ? f.lo95 : f.lo80;
    const auto& hi = level == 95 ? f.hi95 : f.hi80;
    inside += coverage(test, lo, hi) * h;
    total += h;
  }
  return inside / total;
}

TEST(Intervals, AnalyticEtsCoverNominal) {
  std::mt19937 rng(5);
  EXPECT_NEAR(coverage_rate(Method::kSes, 95, rng), 0.95, 0.03);
  EXPECT_NEAR(coverage_rate(Method::kSes, 80, rng), 0.80, 0.05);
}

TEST(Intervals, EmpiricalCoverRoughlyNominal) {
  std::mt19937 rng(6);
  // Backtest-based intervals from few origins are rougher: a wider tolerance.
  EXPECT_NEAR(coverage_rate(Method::kNaive, 95, rng), 0.95, 0.07);
  EXPECT_NEAR(coverage_rate(Method::kTheta, 80, rng), 0.80, 0.10);
}

TEST(Theta, IsSesWithHalfTheSlopeAsDrift) {
  std::vector<double> y(50);
  for (int t = 0; t < 50; ++t) y[t] = 20 + 3.0 * t;  // exact line: SES level = last value
  const Forecast f = run(y, Method::kTheta, 4, 1, false);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(f.mean[i], y.back() + 1.5 * (i + 1), 0.05);
  // Optimising theta follows the trend more closely than theta = 2 does.
  const Forecast otm = run(y, Method::kOptimizedTheta, 4, 1, false);
  EXPECT_GT(otm.mean[3], f.mean[3] + 0.5);
  EXPECT_LE(otm.mean[3], y.back() + 3.0 * 4 + 0.5);
}

std::vector<double> intermittent(int n, double p, std::mt19937& rng) {
  std::bernoulli_distribution demand(p);
  std::uniform_real_distribution<double> size(5, 15);
  std::vector<double> y(n);
  for (double& v : y) v = demand(rng) ? size(rng) : 0.0;
  return y;
}

TEST(Intermittent, CrostonEstimatesDemandRate) {
  std::mt19937 rng(7);
  double croston = 0, sba = 0, tsb = 0;
  constexpr int kReps = 30;
  for (int rep = 0; rep < kReps; ++rep) {
    const auto y = intermittent(300, 0.25, rng);  // rate 0.25 * 10 = 2.5 per period
    const Forecast c = run(y, Method::kCroston, 3, 1, false);
    const Forecast s = run(y, Method::kSba, 3, 1, false);
    croston += c.mean[0] / kReps;
    sba += s.mean[0] / kReps;
    tsb += run(y, Method::kTsb, 3, 1, false).mean[0] / kReps;
    EXPECT_EQ(c.mean[0], c.mean[2]);  // a flat rate
  }
  EXPECT_NEAR(croston, 2.5, 0.4);
  EXPECT_NEAR(sba, 2.5, 0.4);
  EXPECT_NEAR(tsb, 2.5, 0.4);
  EXPECT_LT(sba, croston);  // SBA removes Croston's upward bias
}

TEST(Intermittent, TsbDecaysAfterDemandStops) {
  std::mt19937 rng(8);
  auto y = intermittent(200, 0.3, rng);
  y.insert(y.end(), 60, 0.0);  // obsolescence
  EXPECT_LT(run(y, Method::kTsb, 1).mean[0], run(y, Method::kCroston, 1).mean[0]);
}

TEST(Auto, CombinesCandidatesAndBeatsNaiveOnSeasonalData) {
  std::mt19937 rng(9);
  std::normal_distribution<double> e(0, 1.0);
  std::vector<double> y(24 * 20 + 48);
  for (size_t t = 0; t < y.size(); ++t) {
    y[t] = 100 + 20 * std::sin(2 * M_PI * static_cast<double>(t) / 24) + e(rng);
  }
  const std::span<const double> train(y.data(), y.size() - 48), test(y.data() + y.size() - 48, 48);
  const Forecast a = run(train, Method::kAuto, 48, 24);
  const Forecast n = run(train, Method::kNaive, 48, 24, false);
  EXPECT_LT(mae(test, a.mean), 0.5 * mae(test, n.mean)) << a.model;
  EXPECT_EQ(a.lo95.size(), 48u);
}

// Too short to backtest (12 values, h = 4: no origin leaves 10 to fit): auto is the plain mean
// of Theta, OTM and ETS, each as it forecasts alone.
TEST(Auto, ShortSeriesGetTheMeanOfThetaOtmAndEts) {
  const std::vector<double> y{20, 23, 22, 26, 27, 25, 30, 31, 30, 34, 36, 35};
  const Forecast a = run(y, Method::kAuto, 4, 1, false);
  std::vector<double> expected(4, 0.0);
  for (Method m : {Method::kTheta, Method::kOptimizedTheta, Method::kEts}) {
    const Forecast f = run(y, m, 4, 1, false);
    for (size_t i = 0; i < 4; ++i) expected[i] += f.mean[i] / 3;
  }
  EXPECT_EQ(a.model.rfind("Mean(", 0), 0u) << a.model;
  ASSERT_EQ(a.mean.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(a.mean[i], expected[i], 1e-9 * expected[i]) << i;
}

// A non-seasonal series longer than auto's history cap (260) is forecast from its last 260
// values only; a seasonal one (m > 1) keeps its whole history.
TEST(Auto, NonSeasonalSeriesAreFittedOnTheirRecentHistory) {
  std::mt19937 rng(4);
  const std::vector<double> y = local_level(400, 0.3, 2.0, rng);
  const std::span<const double> recent(y.data() + y.size() - 260, 260);
  EXPECT_EQ(run(y, Method::kAuto, 6, 1, false).mean, run(recent, Method::kAuto, 6, 1, false).mean);
  EXPECT_NE(run(y, Method::kAuto, 6, 4, false).mean,
            run(recent, Method::kAuto, 6, 4, false).mean);
}

// The pool is every candidate within 30% of the best score, best first, capped; a failed
// candidate (+inf) never joins unless nothing else scored.
TEST(Auto, PoolKeepsCandidatesWithin30PercentOfTheBest) {
  using detail::pool_members;
  EXPECT_EQ(pool_members({1.0, 1.25, 1.1, 0.9}, 4), (std::vector<size_t>{3, 0, 2}));
  EXPECT_EQ(pool_members({1.0, 1.2, 1.1, 0.95}, 3), (std::vector<size_t>{3, 0, 2}));
  EXPECT_EQ(pool_members({1.0, 1.2, 1.1, 0.95}, 4), (std::vector<size_t>{3, 0, 2, 1}));
  EXPECT_EQ(pool_members({2.0, INFINITY, 2.5}, 3), (std::vector<size_t>{0, 2}));
  EXPECT_EQ(pool_members({INFINITY, INFINITY}, 3), (std::vector<size_t>{0}));
}

}  // namespace
}  // namespace oiis::forecast
