// Global demand model: one regressor trained across every series of a panel (the approach
// that won M5), instead of one univariate model per series - XGBoost trees by default, or a
// multilayer perceptron (forecast/mlp.h) on the same rows. Pure: panel in, forecasts out.
//
//   Panel panel;  panel.periods = 91;  panel.calendar = ...;  panel.series = ...;
//   GlobalModelOptions opt;  opt.horizon = 13;
//   Result<std::vector<Forecast>> f = forecast_global(panel, opt);  // one per series, in order
//
// Direct multi-horizon: one row per (series, origin o, step h), features known at the origin
// (recent levels, same weeks a year before for the series and for its group, price relative to
// the series' median price, promotion and clearance state, the SKU's own price elasticity as
// estimated from its history, history length) plus the calendar of the target period and h;
// the target is y[o + h] divided by the series' recent level (mean of the last 13 periods),
// weighted by that level, so that one model fits big and small series alike and squared error
// on the ratio weighs each series like a Poisson likelihood would.
//
// Prices: when every priced series carries the price plan of the horizon (price, promotion
// and clearance to periods + horizon: a promotion calendar, or in a backtest the prices that
// were in force), the target period's planned price, promotion and clearance are features too
// and the model forecasts planned promotions; without a plan, prices enter only as they were
// at the origin, and nothing after the origin can leak in.
//
// Intervals are conformal: the same model is fitted on the panel without its last
// `horizon` periods (at most a quarter of it), forecasts that tail, and the empirical
// quantiles of (actual - forecast) / sqrt(level x forecast), pooled over steps within five
// volume bins of series, become the 80/95% bounds.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "forecast/forecast.h"
#include "forecast/mlp.h"

namespace oiis::forecast {

struct PanelSeries {
  // The training window, Panel::periods long, oldest first. NaN = not observed (censored by a
  // stock-out, or before the series existed): never a training target, skipped in features.
  // Finite values must be >= 0.
  std::vector<double> y;
  // Empty (= regular price, no promotion, no clearance), or Panel::periods long each, or
  // Panel::periods + horizon long when the price plan of the horizon is known (a promotion
  // calendar; a backtest's recorded prices): the price in force in each period (any unit: the
  // model divides by the series' median), the share of the period on promotion, 0..1, and the
  // share in clearance (marked down on its way out), 0..1.
  std::vector<double> price, promo, clearance;
  int group = 0;  // e.g. category id, >= 0; a group's series share a yearly-profile feature
};

struct Panel {
  int periods = 0;  // training window length, > 0
  // Calendar features of every period of the window and of the horizon (periods + horizon
  // rows, each the same width, may be 0): week of year, holiday flags; known in advance.
  std::vector<std::vector<double>> calendar;
  std::vector<PanelSeries> series;
};

// What learns the map from feature rows to scaled targets. Both see the same rows, weights
// and conformal intervals; only the regressor differs.
enum class GlobalLearner {
  kGradientBoosting,  // XGBoost trees (model "GBM")
  kNeuralNet,         // forecast/mlp.h (model "MLP"); MlpOptions below
};

// What the trees minimise over the scaled, level-weighted rows. kSquared: sum (y - f)^2 /
// level, a Poisson-like fit of the mean. kAbsolute: sum |y - f|, exactly the numerator of
// WAPE, so the forecast is the (level-weighted) median: the better point forecast for lumpy
// demand scored by absolute error.
enum class GlobalLoss { kSquared, kAbsolute };

struct GlobalModelOptions {
  GlobalLearner learner = GlobalLearner::kGradientBoosting;
  GlobalLoss loss = GlobalLoss::kSquared;  // kGradientBoosting only
  // kNeuralNet only (its seed is replaced by `seed`). Step size and rows per epoch chosen on
  // the synthetic world's backtest (docs/forecasting.md).
  MlpOptions mlp = {.learning_rate = 3e-3, .max_rows_per_epoch = 200000};
  int horizon = 13;        // >= 1
  int season_length = 52;  // periods per year for the seasonal features; 0 = none
  bool intervals = true;
  int rounds = 150;  // kGradientBoosting: boosting rounds, tree depth, shrinkage
  int max_depth = 5;
  double learning_rate = 0.1;
  // Training origins: only the most recent ones (0 = all). Older origins have no year-ago
  // features and cost time.
  int max_origins = 0;
  int threads = 0;         // 0 = XGBoost's default (all cores)
  std::uint64_t seed = 0;  // row/column subsampling
};

// One forecast per panel series (same order), model "GBM" or "MLP". A series whose recent and whole
// history are zero or unobserved gets zeros (note says why). Errors (kInvalidArgument, naming
// the field): horizon < 1, periods < 1, series or calendar lengths that do not match,
// negative or infinite values, promo outside 0..1, non-positive prices, negative group, no
// training row at all; kInternal when XGBoost fails.
Result<std::vector<Forecast>> forecast_global(const Panel& panel,
                                              const GlobalModelOptions& options);

}  // namespace oiis::forecast
