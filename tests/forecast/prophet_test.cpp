// The Prophet-style model recovers what simulated series were built from: a trend changepoint,
// a seasonal amplitude, regressor effects; its intervals cover about nominally; regressors are
// validated. Series are small so the suite stays fast under sanitizers.
#include "forecast/prophet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "forecast/forecast.h"

namespace oiis::forecast {
namespace {

using detail::ProphetComponents;
using detail::ProphetConfig;
using detail::ProphetScale;

constexpr double kTwoPi = 2 * std::numbers::pi;

detail::SeriesView view(std::span<const double> y, int h, int m,
                        std::span<const Regressor> regressors = {}) {
  detail::SeriesView s;
  s.y = y;
  s.horizon = h;
  s.m = m;
  s.positive = std::all_of(y.begin(), y.end(), [](double v) { return v > 0; });
  s.nonnegative = std::all_of(y.begin(), y.end(), [](double v) { return v >= 0; });
  s.regressors = regressors;
  return s;
}

double param(const Forecast& f, const std::string& name) {
  for (const auto& [k, v] : f.params) {
    if (k == name) return v;
  }
  ADD_FAILURE() << "no parameter " << name << " in " << f.model;
  return NAN;
}

TEST(Prophet, RecoversTrendChangepointAndSeasonalAmplitude) {
  // Slope +0.5 per step until t = 200, then -0.3; a 24-step cycle of amplitude 10.
  constexpr int kN = 400, kBreak = 200;
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> y(kN);
  for (int t = 0; t < kN; ++t) {
    const double trend = 100 + 0.5 * std::min(t, kBreak) - 0.3 * std::max(0, t - kBreak);
    y[t] = trend + 10 * std::sin(kTwoPi * t / 24) + noise(rng);
  }
  ProphetComponents c;
  const auto f = detail::prophet_fit(view(y, 24, 24), false, ProphetConfig{}, &c);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(c.changepoints.size(), 25u);
  double near = 0, far = 0;  // slope change within one changepoint spacing of the break
  for (size_t j = 0; j < c.changepoints.size(); ++j) {
    (std::abs(c.changepoints[j] - kBreak) <= 13 ? near : far) += c.slope_changes[j];
  }
  EXPECT_NEAR(near, -0.8, 0.08);
  EXPECT_NEAR(far, 0.0, 0.08);
  // The fitted trend's last slope continues into the forecast.
  EXPECT_NEAR(c.trend[kN + 23] - c.trend[kN - 1], -0.3 * 24, 1.5);
  const auto [lo, hi] = std::minmax_element(c.seasonal.begin() + kN, c.seasonal.end());
  EXPECT_NEAR((*hi - *lo) / 2, 10.0, 0.7);
  EXPECT_NEAR(c.sigma, 1.0, 0.15);
}

TEST(Prophet, MultiplicativeSeasonalityScalesWithLevel) {
  // Exponential growth with a 7-step cycle of +-20% around the level.
  constexpr int kN = 280;
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 0.02);
  std::vector<double> y(kN);
  for (int t = 0; t < kN; ++t) {
    y[t] = 50 * std::exp(0.005 * t + 0.2 * std::cos(kTwoPi * t / 7) + noise(rng));
  }
  ProphetConfig config;
  config.scale = ProphetScale::kMultiplicative;
  ProphetComponents c;
  const auto f = detail::prophet_fit(view(y, 14, 7), false, config, &c);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(c.multiplicative);
  const auto [lo, hi] = std::minmax_element(c.seasonal.begin() + kN, c.seasonal.end());
  EXPECT_NEAR((*hi - *lo) / 2, 0.2, 0.02);  // log units
  for (int i = 0; i < 14; ++i) {
    const double truth = 50 * std::exp(0.005 * (kN + i) + 0.2 * std::cos(kTwoPi * (kN + i) / 7));
    EXPECT_NEAR(f.mean[i] / truth, 1.0, 0.05) << i;
  }
}

// A daily series with a weekly cycle, promotions lifting sales by 15 units and a price whose
// every unit above 10 costs 4 units of sales; regressors known over history and horizon.
struct PromoData {
  std::vector<double> y;
  std::vector<Regressor> regressors;
};

PromoData promo_data(int n, int h, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 2);
  std::bernoulli_distribution promo_day(0.15);
  std::uniform_real_distribution<double> price_draw(8, 12);
  PromoData d{{}, {{"promo", {}}, {"price", {}}}};
  for (int t = 0; t < n + h; ++t) {
    const double promo = promo_day(rng) ? 1 : 0, price = price_draw(rng);
    d.regressors[0].values.push_back(promo);
    d.regressors[1].values.push_back(price);
    if (t < n) {
      d.y.push_back(100 + 0.05 * t + 8 * std::sin(kTwoPi * t / 7) + 15 * promo - 4 * (price - 10) +
                    noise(rng));
    }
  }
  return d;
}

TEST(Prophet, RecoversRegressorEffects) {
  const PromoData d = promo_data(300, 14, 11);
  ProphetConfig config;  // additive: effects in units of y
  ProphetComponents c;
  const auto f = detail::prophet_fit(view(d.y, 14, 7, d.regressors), false, config, &c);
  ASSERT_TRUE(f.ok());
  ASSERT_EQ(c.regressor_effects.size(), 2u);
  EXPECT_NEAR(c.regressor_effects[0], 15.0, 1.0);
  EXPECT_NEAR(c.regressor_effects[1], -4.0, 0.5);
}

TEST(Prophet, PromotionInTheHorizonLiftsTheForecast) {
  PromoData d = promo_data(300, 14, 12);
  ForecastOptions opt;
  opt.horizon = 14;
  opt.season_length = 7;
  opt.method = Method::kProphet;
  opt.intervals = false;
  opt.regressors = d.regressors;
  auto& future_promo = opt.regressors[0].values;
  std::fill(future_promo.end() - 14, future_promo.end(), 0.0);
  const auto without = forecast(d.y, opt);
  std::fill(future_promo.end() - 14, future_promo.end(), 1.0);
  const auto with = forecast(d.y, opt);
  ASSERT_TRUE(without.is_ok() && with.is_ok()) << without.status().to_string();
  // A positive series is modelled on the log scale: the lift is a factor, about 15 units over
  // the history's mean level of ~107.
  EXPECT_EQ(with->model, "Prophet(log)");
  for (int i = 0; i < 14; ++i)
    EXPECT_NEAR(with->mean[i] / without->mean[i] - 1, 15.0 / 107, 0.03) << i;
  EXPECT_NEAR(std::exp(param(*with, "promo")), with->mean[0] / without->mean[0], 1e-9);
}

TEST(Prophet, RegressorsStayAlignedWhenLeadingValuesAreDropped) {
  PromoData d = promo_data(200, 7, 13);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  d.y[0] = d.y[1] = nan;  // dropped by cleaning: regressors must drop their first two too
  ForecastOptions opt;
  opt.horizon = 7;
  opt.season_length = 7;
  opt.method = Method::kProphet;
  opt.regressors = d.regressors;
  const auto f = forecast(d.y, opt);
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  // The series is positive, so the effect is reported in log units: ~15 / 105, the mean level.
  EXPECT_NEAR(std::exp(param(*f, "promo")) - 1, 15.0 / 105, 0.03);
}

TEST(Prophet, IntervalsAreRoughlyNominal) {
  // Series drawn from the model itself (trend, weekly cycle, N(0, 3^2) noise), additive.
  constexpr int kSeries = 30, kN = 150, kH = 10;
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 3);
  int in80 = 0, in95 = 0;
  for (int k = 0; k < kSeries; ++k) {
    std::vector<double> y;
    for (int t = 0; t < kN + kH; ++t)
      y.push_back(0.2 * t + 5 * std::cos(kTwoPi * t / 7) + noise(rng));
    const std::span<const double> train(y.data(), kN);
    const auto f = detail::prophet_fit(view(train, kH, 7), true, ProphetConfig{});
    ASSERT_TRUE(f.has_intervals());
    for (int i = 0; i < kH; ++i) {
      const double actual = y[kN + i];
      in80 += actual >= f.lo80[i] && actual <= f.hi80[i];
      in95 += actual >= f.lo95[i] && actual <= f.hi95[i];
    }
  }
  const double total = kSeries * kH;
  EXPECT_NEAR(in80 / total, 0.80, 0.07);
  EXPECT_NEAR(in95 / total, 0.95, 0.04);
}

TEST(Prophet, RegressorLengthAndValuesAreValidated) {
  const std::vector<double> y(20, 5.0);
  ForecastOptions opt;
  opt.horizon = 3;
  opt.method = Method::kProphet;
  opt.regressors = {{"promo", std::vector<double>(20, 0.0)}};  // history only: 3 short
  auto f = forecast(y, opt);
  ASSERT_FALSE(f.is_ok());
  EXPECT_EQ(f.status().field(), "regressors[0]");
  EXPECT_NE(f.status().to_string().find("promo"), std::string::npos);
  opt.regressors = {{"promo", std::vector<double>(23, 0.0)},
                    {"price", std::vector<double>(23, 1.0)}};
  opt.regressors[1].values[21] = std::numeric_limits<double>::infinity();
  f = forecast(y, opt);
  ASSERT_FALSE(f.is_ok());
  EXPECT_EQ(f.status().field(), "regressors[1]");
}

TEST(Prophet, DegenerateInputsGiveFiniteForecasts) {
  const std::vector<std::vector<double>> cases{
      {1, 2, 3},                    // shortest fit
      {0, 0, 0, 0, 5, 0, 0, 0},     // spike in zeros
      {1e15, 1e12, 1e12, 1e12, 0},  // huge range
      {-3, 4, -5, 6, -7, 8, -9},    // sign changes
  };
  for (const auto& y : cases) {
    // A constant regressor: not identifiable from the history, kept finite by its prior.
    const std::vector<Regressor> regressors{{"flat", std::vector<double>(y.size() + 4, 2.0)}};
    for (ProphetScale scale : {ProphetScale::kAdditive, ProphetScale::kMultiplicative}) {
      ProphetConfig config;
      config.scale = scale;
      const auto f = detail::prophet_fit(view(y, 4, 7, regressors), true, config);
      ASSERT_TRUE(f.ok());
      for (const auto* v : {&f.mean, &f.lo80, &f.hi80, &f.lo95, &f.hi95}) {
        for (double x : *v) EXPECT_TRUE(std::isfinite(x));
      }
    }
  }
  EXPECT_FALSE(
      detail::prophet_fit(view(std::vector<double>{1, 2}, 4, 1), false, ProphetConfig{}).ok());
}

TEST(Prophet, LongHorizonOnShortHistoryStaysFinite) {
  // 40 observations rising then falling, 500 steps: hundreds of simulated future
  // changepoints per path, of the size of the history's slope change.
  std::vector<double> y;
  for (int t = 0; t < 40; ++t) y.push_back(30 - std::abs(t - 20) + 0.3 * (t % 3));
  const auto f = detail::prophet_fit(view(y, 500, 1), true, ProphetConfig{});
  ASSERT_TRUE(f.has_intervals());
  for (int i = 0; i < 500; ++i) {
    ASSERT_TRUE(std::isfinite(f.lo95[i]) && std::isfinite(f.hi95[i]));
    EXPECT_LE(f.lo95[i], f.lo80[i]);
    EXPECT_LE(f.hi80[i], f.hi95[i]);
  }
  EXPECT_GT(f.hi95[499] - f.lo95[499], f.hi95[0] - f.lo95[0]);  // trend uncertainty grows
}

TEST(Prophet, FourierOrdersFollowProphetDefaults) {
  EXPECT_EQ(detail::prophet_fourier_order(24), 4);
  EXPECT_EQ(detail::prophet_fourier_order(168), 3);
  EXPECT_EQ(detail::prophet_fourier_order(7), 3);
  EXPECT_EQ(detail::prophet_fourier_order(52), 10);
  EXPECT_EQ(detail::prophet_fourier_order(12), 6);  // capped at period / 2
  EXPECT_DOUBLE_EQ(detail::prophet_period_length(52), 365.25 / 7);
}

}  // namespace
}  // namespace oiis::forecast
