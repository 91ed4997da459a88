// Rolling-origin evaluation on the training data (Tashman 2000): refit at origins
// n - h, n - 2h, ... and compare with the values that followed. Used by `auto` to choose
// models and by every model without analytic intervals to size empirical intervals.
#pragma once

#include <vector>

#include "forecast/model.h"

namespace oiis::forecast::detail {

// Forecast origins (training lengths) for up to `max_origins` windows of h values, the last
// ending at n, each leaving at least `min_train` observations; latest first. Empty when even
// one window does not fit.
std::vector<int> backtest_origins(int n, int h, int max_origins, int min_train);

// Fits `fn` on y[0, origin) for each origin; row k of the result (h values) is the forecast
// made at origins[k], or empty when the model failed there.
std::vector<std::vector<double>> backtest_forecasts(const SeriesView& s, ModelFn fn,
                                                    const std::vector<int>& origins);

// Symmetric empirical ("conformal") intervals around fit.mean: errors e of the i-step
// forecasts are pooled as |e| / sqrt(i), whose 80% and 95% quantiles q give half-widths
// q sqrt(i). `errors[k][i]` is actual - forecast at origin k, step i+1. With fewer than five
// errors, the in-sample naive one-step error scale of y stands in for q / z.
void empirical_intervals(std::span<const double> y, const std::vector<std::vector<double>>& errors,
                         ModelFit& fit);

}  // namespace oiis::forecast::detail
