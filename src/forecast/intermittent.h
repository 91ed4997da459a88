// Intermittent demand: many periods without demand. Forecasts are a demand rate per period.
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

// Croston (1972): SES of the non-zero demand sizes z and of the intervals p between them,
// forecast z / p. The smoothing constant (one for both, in {0.05, 0.1, ..., 0.3}) minimises
// the in-sample one-step squared error.
ModelFit croston(const SeriesView& s, bool intervals);
// Syntetos & Boylan (2005): Croston's rate times (1 - alpha / 2), removing its bias.
ModelFit sba(const SeriesView& s, bool intervals);
// Teunter, Syntetos & Babai (2011): demand probability d smoothed every period (beta), size z
// smoothed on demand periods (alpha); forecast d z. Decays when demand stops.
ModelFit tsb(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
