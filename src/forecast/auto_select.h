// Automatic forecasting: a per-series choice among candidate models by rolling-origin
// backtest on the training data, combining the best few — combinations of simple methods
// were the robust winners of M4 (Makridakis et al. 2020, findings 1 and 2).
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

// Candidates depend on the series: intermittent (>= 30% zeros): naive, SES, MA, Croston, SBA,
// TSB; seasonal (m > 1): sNaive (m and m2), Naive2, SES/Damped/Theta deseasonalised, ETS,
// MSTL; otherwise naive, SES, Holt, Damped, Theta, OTM, ETS. Each is backtested at up to three
// origins (n - h, n - 2h, n - 3h) and scored by 0.5 (sMAPE / mean sMAPE + MAE / mean MAE)
// over the candidates at each origin (an OWA-like, scale-free score). The forecast is the
// median of the `combine_top` best candidates refitted on the whole series; intervals are
// empirical from the combination's backtest errors.
ModelFit auto_forecast(const SeriesView& s, bool intervals, int combine_top);

}  // namespace oiis::forecast::detail
