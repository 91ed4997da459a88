// Automatic forecasting: a per-series choice among candidate models by rolling-origin
// backtest on the training data, combining the best few — combinations of simple methods
// were the robust winners of M4 (Makridakis et al. 2020, findings 1 and 2).
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

// Candidates depend on the series: intermittent (>= 30% zeros): naive, SES, MA, Croston, SBA,
// TSB; seasonal (m > 1): sNaive (m and m2), Naive2, SES/Damped/Theta deseasonalised, ETS,
// MSTL, Prophet; otherwise naive, SES, Holt, Damped, Theta, OTM, ETS. Each is backtested at
// up to three origins (n - h, n - 2h, n - 3h) and scored by the sum over origins of
// 0.5 (sMAPE / mean sMAPE + MAE / mean MAE), means over the candidates at that origin (an
// OWA-like, scale-free score). The medians of the best 2..combine_top candidates are scored on
// the same backtest; the forecast is whichever of the best single candidate and these
// combinations scores lowest, refitted on the whole series. Intervals are empirical from the
// chosen forecast's backtest errors. Series too short to backtest get AICc-selected ETS.
ModelFit auto_forecast(const SeriesView& s, bool intervals, int combine_top);

}  // namespace oiis::forecast::detail
