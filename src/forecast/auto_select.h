// Automatic forecasting: a pool of strong models chosen per series by rolling-origin backtest
// on the training data, and their equal-weight mean — combinations of simple methods were the
// robust winners of M4 (Makridakis et al. 2020, findings 1 and 2), and pooling the models that
// backtest close to the best is steadier than picking one (Kourentzes, Barrow & Petropoulos
// 2019, "Another look at forecast selection and combination: evidence from forecast pooling").
// Every choice here was made on validation windows cut from training data (docs/evaluation.md).
#pragma once

#include <vector>

#include "forecast/model.h"

namespace oiis::forecast::detail {

// Candidates depend on the series: intermittent (>= 30% zeros): naive, SES, MA, Croston, SBA,
// TSB; otherwise Theta, OTM and ETS, plus sNaive, Prophet and MSTL when m > 1, and MSTL and
// sNaive at m2 when a second period m2 is set. Each is backtested at up to three origins
// (n - h, n - 2h, n - 3h) and scored by the sum over origins of 0.5 (sMAPE / mean sMAPE +
// MAE / mean MAE), means over the candidates at that origin (an OWA-like, scale-free score).
// The forecast is the mean of the candidates scoring within 30% of the best (at most
// `combine_top`, best first), refitted on the whole series. Intervals are empirical from that
// mean's backtest errors. Series too short to backtest get the mean of Theta, OTM and ETS.
ModelFit auto_forecast(const SeriesView& s, bool intervals, int combine_top);

// The pool for backtest scores `scores` (lower is better): indices of those within 30% of the
// lowest, lowest first, at most `cap` (>= 1) of them; at least the lowest one.
std::vector<size_t> pool_members(const std::vector<double>& scores, int cap);

}  // namespace oiis::forecast::detail
