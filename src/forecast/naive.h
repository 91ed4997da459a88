// The naive family and the M4 exponential smoothing benchmarks (M4-methods,
// "Benchmarks and Evaluation.R"): forecasts that need at most one smoothing fit.
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

ModelFit naive(const SeriesView& s, bool intervals);           // y_n for every step
ModelFit seasonal_naive(const SeriesView& s, bool intervals);  // y_{n+i-m}, repeated (M4 sNaive)
ModelFit seasonal_naive2(const SeriesView& s, bool intervals); // the same with period m2
// M4 Naive2: naive on the series with its classical multiplicative seasonal factors divided
// out, when it passes the 90% seasonality test at lag m; the factors multiplied back.
ModelFit naive2(const SeriesView& s, bool intervals);
// Mean of the last k values, k in {2,3,4,6,8,12,13,24,26,52} (and m) with the lowest in-sample
// one-step squared error.
ModelFit moving_average(const SeriesView& s, bool intervals);
// ETS(A,N,N), ETS(A,A,N) and ETS(A,Ad,N) on the M4-deseasonalised series (M4 SES, Holt, Damped)
// and their mean (M4 Comb).
ModelFit ses(const SeriesView& s, bool intervals);
ModelFit holt(const SeriesView& s, bool intervals);
ModelFit damped(const SeriesView& s, bool intervals);
ModelFit comb(const SeriesView& s, bool intervals);
// Automatic ETS (AICc over the family, seasonal with period m when m > 1).
ModelFit ets(const SeriesView& s, bool intervals);
// ETS restricted to additive errors (and so additive season): auto's candidate on
// non-seasonal series, where it was as accurate on validation and half the cost.
ModelFit ets_additive_errors(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
