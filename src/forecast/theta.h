// Theta method (Assimakopoulos & Nikolopoulos 2000), on the M4-deseasonalised series.
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

// M4 benchmark "Theta" (Theta.classic): theta lines 0 (the least-squares line) and 2
// (2y - line0); line 2 extrapolated by SES, the forecast is their equal-weight mean — SES with
// drift equal to half the linear slope (Hyndman & Billah 2003).
ModelFit theta(const SeriesView& s, bool intervals);

// Optimised Theta Model (Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler 2016, IJF 32):
// y_hat(t+1|t) = l_t + (1 - 1/theta) [(1-alpha)^t A_n + ((1 - (1-alpha)^(t+1)) / alpha) B_n],
// l_t = alpha y_t + (1 - alpha) l_{t-1}, A_n/B_n the least-squares intercept/slope;
// theta in [1, 10], alpha in (0, 1) and l_0 minimise the in-sample one-step MSE.
ModelFit optimized_theta(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
