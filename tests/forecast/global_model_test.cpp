// The global gradient-boosted model learns what a simulated panel was built from (group yearly
// profiles, promotion uplift, per-series levels) and scores held-out periods it never saw.
// Small panels and few rounds keep it fast under sanitizers.
#include "forecast/global_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "forecast/metrics.h"

namespace oiis::forecast {
namespace {

constexpr int kYear = 52, kHorizon = 13, kGroups = 4;

// Weekly demand of `n` series over `periods` weeks: level x group yearly cycle (group 0 also
// peaks before Christmas) x promotion uplift (4-week promotions at 30% off, elasticity -2.5),
// Poisson noise. `truth` holds the whole span; the panel sees all but the last kHorizon periods.
struct Simulated {
  Panel panel;
  std::vector<std::vector<double>> truth, expected;
  std::vector<std::vector<double>> price, promo;  // the whole span: the horizon's price plan
};

Simulated simulate(int n, int periods, unsigned seed, double promo_rate = 0.03) {
  std::mt19937 rng(seed);
  std::lognormal_distribution<double> level(3.5, 0.6);
  std::bernoulli_distribution promo_starts(promo_rate);
  Simulated out;
  const int train = periods - kHorizon;
  out.panel.periods = train;
  for (int t = 0; t < periods; ++t) out.panel.calendar.push_back({static_cast<double>(t % kYear)});
  for (int i = 0; i < n; ++i) {
    PanelSeries s;
    s.group = i % kGroups;
    const double base = level(rng), phase = 13.0 * s.group;
    std::vector<double> y(periods), expected(periods), price(periods, 10.0), promo(periods, 0.0);
    for (int t = 0; t < periods; ++t) {
      if (promo_starts(rng))
        for (int k = t; k < std::min(t + 4, periods); ++k) promo[k] = 1;
      if (promo[t] > 0) price[t] = 7.0;
      const int week = t % kYear;
      double season = 1 + 0.5 * std::sin(2 * std::numbers::pi * (week + phase) / kYear);
      if (s.group == 0 && week >= 46 && week <= 50) season *= 2.5;
      const double mean = base * season * std::pow(price[t] / 10.0, -2.5);
      expected[t] = mean;
      y[t] = std::poisson_distribution<int>(mean)(rng);
    }
    out.price.push_back(price);
    out.promo.push_back(promo);
    s.y.assign(y.begin(), y.begin() + train);
    s.price.assign(price.begin(), price.begin() + train);
    s.promo.assign(promo.begin(), promo.begin() + train);
    out.panel.series.push_back(std::move(s));
    out.truth.push_back(std::move(y));
    out.expected.push_back(std::vector<double>(expected.end() - kHorizon, expected.end()));
  }
  return out;
}

GlobalModelOptions fast_options() {
  GlobalModelOptions o;
  o.horizon = kHorizon;
  o.rounds = 120;
  o.learning_rate = 0.1;
  o.threads = 1;
  return o;
}

// Pooled WAPE over every series' held-out periods.
double held_out_wape(const Simulated& w, const std::vector<std::vector<double>>& forecasts) {
  std::vector<double> actual, predicted;
  const int train = w.panel.periods;
  for (std::size_t i = 0; i < forecasts.size(); ++i)
    for (int h = 0; h < kHorizon; ++h) {
      actual.push_back(w.truth[i][train + h]);
      predicted.push_back(forecasts[i][h]);
    }
  return wape(actual, predicted);
}

// The panel with every series' prices and promotions known to the end of the horizon.
Panel with_plan(const Simulated& w) {
  Panel p = w.panel;
  for (std::size_t i = 0; i < p.series.size(); ++i) {
    p.series[i].price = w.price[i];
    p.series[i].promo = w.promo[i];
  }
  return p;
}

std::vector<std::vector<double>> seasonal_naive(const Simulated& w) {
  std::vector<std::vector<double>> out;
  for (const auto& s : w.panel.series) {
    auto& row = out.emplace_back();
    for (int h = 0; h < kHorizon; ++h) row.push_back(s.y[w.panel.periods + h - kYear]);
  }
  return out;
}

std::vector<std::vector<double>> means(const std::vector<Forecast>& f) {
  std::vector<std::vector<double>> out;
  for (const auto& x : f) out.push_back(x.mean);
  return out;
}

TEST(GlobalModel, BeatsSeasonalNaiveOnHeldOutPeriods) {
  const Simulated w = simulate(48, 2 * kYear + kHorizon, 7);
  auto f = forecast_global(w.panel, fast_options());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  ASSERT_EQ(f->size(), w.panel.series.size());
  const double gbm = held_out_wape(w, means(*f)), naive = held_out_wape(w, seasonal_naive(w));
  EXPECT_LT(gbm, 0.85 * naive) << "gbm " << gbm << " snaive " << naive << " oracle "
                               << held_out_wape(w, w.expected);

  long points = 0, in80 = 0, in95 = 0;
  for (std::size_t i = 0; i < f->size(); ++i) {
    const Forecast& x = (*f)[i];
    EXPECT_EQ(x.model, "GBM");
    ASSERT_EQ(x.lo95.size(), static_cast<std::size_t>(kHorizon));
    for (int h = 0; h < kHorizon; ++h) {
      EXPECT_TRUE(x.lo95[h] <= x.lo80[h] && x.lo80[h] <= x.mean[h] && x.mean[h] <= x.hi80[h] &&
                  x.hi80[h] <= x.hi95[h]);
      EXPECT_GE(x.lo95[h], 0);
      const double y = w.truth[i][w.panel.periods + h];
      in80 += y >= x.lo80[h] && y <= x.hi80[h];
      in95 += y >= x.lo95[h] && y <= x.hi95[h];
      ++points;
    }
  }
  EXPECT_NEAR(static_cast<double>(in80) / points, 0.80, 0.08);
  EXPECT_NEAR(static_cast<double>(in95) / points, 0.95, 0.05);
}

// A promotion calendar for the horizon: the model that reads it forecasts the planned
// promotion weeks' uplift; without it the same weeks look like any other.
TEST(GlobalModel, APricePlanForecastsThePlannedPromotions) {
  const Simulated w = simulate(48, 2 * kYear + kHorizon, 13, 0.05);
  auto blind = forecast_global(w.panel, fast_options());
  auto planned = forecast_global(with_plan(w), fast_options());
  ASSERT_TRUE(blind.is_ok()) << blind.status().to_string();
  ASSERT_TRUE(planned.is_ok()) << planned.status().to_string();
  EXPECT_LT(held_out_wape(w, means(*planned)), 0.9 * held_out_wape(w, means(*blind)));
  double promo_planned = 0, promo_blind = 0, promo_truth = 0;
  for (std::size_t i = 0; i < w.panel.series.size(); ++i)
    for (int h = 0; h < kHorizon; ++h) {
      if (w.promo[i][w.panel.periods + h] == 0) continue;
      promo_planned += (*planned)[i].mean[h];
      promo_blind += (*blind)[i].mean[h];
      promo_truth += w.expected[i][h];
    }
  ASSERT_GT(promo_truth, 0) << "the horizon should hold planned promotions";
  EXPECT_GT(promo_planned, 1.4 * promo_blind);
  EXPECT_NEAR(promo_planned / promo_truth, 1.0, 0.25);
}

// The neural learner trains on the same rows; a small fast net already beats seasonal naive.
TEST(GlobalModel, NeuralLearnerBeatsSeasonalNaive) {
  const Simulated w = simulate(48, 2 * kYear + kHorizon, 7);
  GlobalModelOptions o = fast_options();
  o.learner = GlobalLearner::kNeuralNet;
  o.intervals = false;
  o.mlp.hidden = {16};
  o.mlp.epochs = 8;
  o.mlp.max_rows_per_epoch = 8000;
  auto f = forecast_global(w.panel, o);
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  EXPECT_EQ(f->front().model, "MLP");
  const double mlp = held_out_wape(w, means(*f)), naive = held_out_wape(w, seasonal_naive(w));
  EXPECT_LT(mlp, naive) << "mlp " << mlp << " snaive " << naive;
  for (const auto& x : *f)
    for (double v : x.mean) ASSERT_TRUE(std::isfinite(v) && v >= 0);
}

// Censored periods (a quarter of them, NaN) must be skipped, not taught as zero demand: the
// same panel with those periods recorded as 0 forecasts held-out demand worse and too low.
TEST(GlobalModel, UnobservedTargetsAreIgnoredNotZero) {
  Simulated censored = simulate(40, 2 * kYear + kHorizon, 11, 0.0);
  Simulated zeros = censored;
  std::mt19937 rng(3);
  std::bernoulli_distribution hit(0.25);
  for (std::size_t i = 0; i < censored.panel.series.size(); ++i)
    for (int t = 0; t < censored.panel.periods; ++t)
      if (hit(rng)) {
        censored.panel.series[i].y[t] = std::nan("");
        zeros.panel.series[i].y[t] = 0;
      }
  auto with_nan = forecast_global(censored.panel, fast_options());
  auto with_zero = forecast_global(zeros.panel, fast_options());
  ASSERT_TRUE(with_nan.is_ok()) << with_nan.status().to_string();
  ASSERT_TRUE(with_zero.is_ok()) << with_zero.status().to_string();
  for (const auto& x : *with_nan)
    for (double v : x.mean) ASSERT_TRUE(std::isfinite(v));
  EXPECT_LT(held_out_wape(censored, means(*with_nan)), held_out_wape(zeros, means(*with_zero)));
  double sum_nan = 0, sum_zero = 0;
  for (std::size_t i = 0; i < with_nan->size(); ++i)
    for (int h = 0; h < kHorizon; ++h) {
      sum_nan += (*with_nan)[i].mean[h];
      sum_zero += (*with_zero)[i].mean[h];
    }
  EXPECT_GT(sum_nan, 1.15 * sum_zero);
}

TEST(GlobalModel, SeriesWithoutDemandGetsZeros) {
  Simulated w = simulate(24, 2 * kYear + kHorizon, 5);
  w.panel.series[3].y.assign(w.panel.periods, std::nan(""));
  w.panel.series[4].y.assign(w.panel.periods, 0.0);
  auto f = forecast_global(w.panel, fast_options());
  ASSERT_TRUE(f.is_ok()) << f.status().to_string();
  for (int i : {3, 4}) {
    EXPECT_FALSE((*f)[i].note.empty());
    for (double v : (*f)[i].hi95) EXPECT_EQ(v, 0.0);
  }
}

TEST(GlobalModel, BadInputNamesTheField) {
  const Simulated good = simulate(6, 40, 1);
  auto field_of = [](const Panel& p, GlobalModelOptions o) {
    auto f = forecast_global(p, o);
    EXPECT_FALSE(f.is_ok());
    EXPECT_EQ(f.status().code(), ErrorCode::kInvalidArgument);
    return f.is_ok() ? std::string() : f.status().field();
  };
  GlobalModelOptions o = fast_options();
  Panel p = good.panel;
  p.series[1].y.pop_back();
  EXPECT_EQ(field_of(p, o), "series[1].y");
  p = good.panel;
  p.series[2].y[5] = -1;
  EXPECT_EQ(field_of(p, o), "series[2].y");
  p = good.panel;
  p.series[0].promo[3] = 2;
  EXPECT_EQ(field_of(p, o), "series[0].promo");
  p = good.panel;
  p.series[0].price[0] = 0;
  EXPECT_EQ(field_of(p, o), "series[0].price");
  p = with_plan(good);
  EXPECT_TRUE(forecast_global(p, o).is_ok()) << "a plan to the end of the horizon is valid";
  p.series[0].price.pop_back();
  EXPECT_EQ(field_of(p, o), "series[0].price");
  p = with_plan(good);
  p.series[1].clearance.assign(p.periods, 0.0);  // shorter than its plan-long price
  EXPECT_EQ(field_of(p, o), "series[1].clearance");
  p = good.panel;
  p.calendar.pop_back();
  EXPECT_EQ(field_of(p, o), "calendar");
  p = good.panel;
  for (auto& s : p.series) s.y.assign(p.periods, std::nan(""));
  EXPECT_EQ(field_of(p, o), "series");
  o.horizon = 0;
  EXPECT_EQ(field_of(good.panel, o), "horizon");
}

}  // namespace
}  // namespace oiis::forecast
