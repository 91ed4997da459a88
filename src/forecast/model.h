// Internal: what every model in the module produces, and the per-series facts models share.
#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/normal.h"
#include "forecast/forecast.h"

namespace oiis::forecast::detail {

// A cleaned series (finite values, at least one) and the request it is forecast for.
struct SeriesView {
  std::span<const double> y;
  int horizon = 1;  // h >= 1
  int m = 1;        // main seasonal period, >= 1
  int m2 = 0;       // second seasonal period (> m) or 0
  bool positive = false;     // every value > 0: multiplicative models allowed
  bool nonnegative = false;  // every value >= 0: forecasts are clamped at 0
  // Known regressors aligned with y (values[t] belongs to y[t]), each at least
  // y.size() + horizon long, so a prefix of y (a backtest origin) keeps them aligned.
  std::span<const Regressor> regressors;
};

struct ModelFit {
  std::vector<double> mean;  // horizon long
  // Analytic or simulated 80%/95% bounds, horizon long; empty when the model has none and
  // the caller should derive empirical ones.
  std::vector<double> lo80, hi80, lo95, hi95;
  std::string name;
  std::vector<std::pair<std::string, double>> params;

  bool ok() const { return !mean.empty(); }
  bool has_intervals() const { return !lo95.empty(); }
};

// A model as a function of the series. Returns a fit with empty `mean` when the model cannot
// be applied (series too short, non-positive data for a multiplicative model, ...).
using ModelFn = ModelFit (*)(const SeriesView& s, bool want_intervals);

}  // namespace oiis::forecast::detail
