// ARIMA: coefficient recovery on simulated processes (fixed seeds), differencing decisions,
// interval width and coverage, and awkward input through the public forecast().
#include "forecast/arima.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "forecast/forecast.h"

namespace oiis::forecast {
namespace {

using detail::ArimaFit;
using detail::ArimaOrder;

// n values of (1 - phi B)(1 - Phi B^m) x = (1 + theta B)(1 + Theta B^m) e, e ~ N(0, 1), after
// a burn-in of 200 values, plus `mean`.
std::vector<double> simulate(unsigned seed, int n, double phi, double theta, double mean = 0,
                             int m = 1, double sphi = 0, double stheta = 0) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  const int burn = 200 + 2 * m, total = n + burn;
  std::vector<double> x(total, 0.0), e(total, 0.0);
  for (int t = 0; t < total; ++t) {
    e[t] = noise(rng);
    double v = e[t];
    if (t >= 1) v += phi * x[t - 1] + theta * e[t - 1];
    if (t >= m && m > 1) v += sphi * x[t - m] + stheta * e[t - m];
    if (t >= m + 1 && m > 1) v += -phi * sphi * x[t - m - 1] + theta * stheta * e[t - m - 1];
    x[t] = v;
  }
  std::vector<double> out(x.begin() + burn, x.end());
  for (double& v : out) v += mean;
  return out;
}

std::vector<double> random_walk(unsigned seed, int n) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> y(n);
  double level = 100;
  for (double& v : y) v = level += noise(rng);
  return y;
}

ArimaFit fit(const std::vector<double>& y, ArimaOrder o, int m = 1) {
  auto f = detail::fit_arima(y, o, m, /*exact=*/true);
  EXPECT_TRUE(f.has_value());
  return f.value_or(ArimaFit{});
}

TEST(Arima, RecoversAr1) {
  const auto y = simulate(11, 600, 0.6, 0, 50);
  const ArimaFit f = fit(y, {.p = 1, .constant = true});
  ASSERT_EQ(f.ar.size(), 1u);
  EXPECT_NEAR(f.ar[0], 0.6, 0.08);
  EXPECT_NEAR(f.mu, 50, 0.5);
  EXPECT_NEAR(f.sigma2, 1, 0.15);
  EXPECT_TRUE(f.exact);
}

TEST(Arima, RecoversMa1) {
  const auto y = simulate(12, 600, 0, 0.5);
  const ArimaFit f = fit(y, {.q = 1});
  ASSERT_EQ(f.ma.size(), 1u);
  EXPECT_NEAR(f.ma[0], 0.5, 0.08);
  // The conditional-sum-of-squares estimate alone (what long seasonal models keep).
  const auto css = detail::fit_arima(y, {.q = 1}, 1, /*exact=*/false);
  ASSERT_TRUE(css.has_value());
  EXPECT_FALSE(css->exact);
  EXPECT_NEAR(css->ma[0], 0.5, 0.08);
}

TEST(Arima, RecoversArma11) {
  const auto y = simulate(13, 800, 0.7, -0.3);
  const ArimaFit f = fit(y, {.p = 1, .q = 1});
  EXPECT_NEAR(f.ar[0], 0.7, 0.1);
  EXPECT_NEAR(f.ma[0], -0.3, 0.12);
}

TEST(Arima, RecoversSeasonalArma) {
  // (1 - 0.5 B)(1 - 0.6 B^4) x = (1 + 0.4 B^4) e.
  const auto y = simulate(14, 800, 0.5, 0, 0, 4, 0.6, 0.4);
  const ArimaFit f = fit(y, {.p = 1, .P = 1, .Q = 1}, 4);
  EXPECT_NEAR(f.ar[0], 0.5, 0.1);
  EXPECT_NEAR(f.sar[0], 0.6, 0.12);
  EXPECT_NEAR(f.sma[0], 0.4, 0.15);
}

TEST(Arima, AutoFindsTheMeanOfAStationarySeries) {
  // KPSS with few lags differences a fair share of short AR(1) series (as in R): most, not
  // all, must come out undifferenced, with a mean the long-range forecasts return to.
  int undifferenced = 0;
  for (unsigned seed = 20; seed < 25; ++seed) {
    const auto y = simulate(seed, 300, 0.5, 0, 10);
    const auto f = detail::auto_arima(y, 1);
    ASSERT_TRUE(f.has_value());
    if (f->order.d != 0) continue;
    ++undifferenced;
    EXPECT_TRUE(f->order.constant);
    EXPECT_NEAR(detail::arima_forecast(*f, y, 30, false).mean.back(), 10, 0.5);
  }
  EXPECT_GE(undifferenced, 3);
}

TEST(Arima, KpssDifferencesARandomWalkNotWhiteNoise) {
  // A 5% test: about 1 in 20 stationary series is differenced anyway.
  int walks_once = 0, noise_never = 0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    walks_once += detail::kpss_ndiffs(random_walk(seed, 400)) == 1;
    noise_never += detail::kpss_ndiffs(simulate(seed, 400, 0.3, 0)) == 0;
  }
  EXPECT_GE(walks_once, 17);
  EXPECT_GE(noise_never, 17);
  const auto f = detail::auto_arima(random_walk(4, 300), 1);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->order.d, 1);
}

TEST(Arima, SeasonalStrengthSeparatesSeasonalFromNoise) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> seasonal(240), plain(240);
  for (int t = 0; t < 240; ++t) {
    seasonal[t] = 10 * std::sin(2 * std::numbers::pi * t / 12) + noise(rng);
    plain[t] = noise(rng);
  }
  EXPECT_GT(detail::seasonal_strength(seasonal, 12), 0.64);
  EXPECT_LT(detail::seasonal_strength(plain, 12), 0.64);
  const auto f = detail::auto_arima(seasonal, 12);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->order.D, 1);
}

TEST(Arima, IntervalsWidenWithHorizon) {
  const auto y = random_walk(6, 200);
  const auto f = detail::auto_arima(y, 1);
  ASSERT_TRUE(f.has_value());
  const detail::ModelFit out = detail::arima_forecast(*f, y, 12, true);
  ASSERT_EQ(out.hi95.size(), 12u);
  for (int i = 1; i < 12; ++i) {
    EXPECT_GT(out.hi95[i] - out.lo95[i], out.hi95[i - 1] - out.lo95[i - 1]);
    EXPECT_GT(out.hi95[i] - out.lo95[i], out.hi80[i] - out.lo80[i]);
  }
}

TEST(Arima, IntervalCoverageIsRoughlyNominal) {
  // Fit on 150 values of an ARMA(1,1), check the 1- and 4-step intervals on the next 4.
  constexpr int kSeries = 150, kN = 150, kH = 4;
  int in95[2] = {0, 0}, in80[2] = {0, 0};
  for (int s = 0; s < kSeries; ++s) {
    const auto y = simulate(100 + s, kN + kH, 0.5, 0.3, 20);
    const std::vector<double> train(y.begin(), y.begin() + kN);
    const ArimaFit f = fit(train, {.p = 1, .q = 1, .constant = true});
    const detail::ModelFit out = detail::arima_forecast(f, train, kH, true);
    int k = 0;
    for (int i : {0, kH - 1}) {
      const double actual = y[kN + i];
      in95[k] += actual >= out.lo95[i] && actual <= out.hi95[i];
      in80[k] += actual >= out.lo80[i] && actual <= out.hi80[i];
      ++k;
    }
  }
  for (int k = 0; k < 2; ++k) {
    EXPECT_NEAR(in95[k] / double(kSeries), 0.95, 0.05) << "horizon index " << k;
    EXPECT_NEAR(in80[k] / double(kSeries), 0.80, 0.08) << "horizon index " << k;
  }
}

TEST(Arima, ForecastsAStraightLineExactly) {
  std::vector<double> y(60);
  for (int t = 0; t < 60; ++t) y[t] = 3 + 2.0 * t;
  ForecastOptions opt;
  opt.horizon = 5;
  opt.method = Method::kArima;
  auto f = forecast(y, opt);
  ASSERT_TRUE(f.is_ok());
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(f->mean[i], 3 + 2.0 * (60 + i), 1e-9) << f->model;
}

TEST(Arima, AwkwardInputNeverNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<std::vector<double>> inputs{
      {5, 5, 5, 5, 5, 5},
      {1, 2},
      {1, nan, 3, 4, nan, 6, 7, 8, 9, 10, 12, 11},
      {0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0},
      {1e12, -1e12, 1e12, -1e12, 1e12, -1e12, 1e12, -1e12, 1e12, -1e12},
  };
  for (int m : {1, 4}) {
    for (const auto& y : inputs) {
      ForecastOptions opt;
      opt.horizon = 6;
      opt.season_length = m;
      opt.method = Method::kArima;
      auto f = forecast(y, opt);
      ASSERT_TRUE(f.is_ok());
      for (const auto* v : {&f->mean, &f->lo95, &f->hi95}) {
        ASSERT_EQ(v->size(), 6u);
        for (double x : *v) EXPECT_TRUE(std::isfinite(x)) << f->model;
      }
    }
  }
}

TEST(Arima, NameAndCliSpelling) {
  EXPECT_EQ(parse_method("arima"), Method::kArima);
  EXPECT_EQ(method_name(Method::kArima), "arima");
  EXPECT_EQ(detail::arima_name({.p = 1, .d = 1, .q = 1, .D = 1, .Q = 1}, 24),
            "ARIMA(1,1,1)(0,1,1)[24]");
}

}  // namespace
}  // namespace oiis::forecast
