// Multi-seasonal decomposition forecast, in the spirit of MSTL (Bandara, Hyndman & Bergmeir
// 2021) and R's stlm(): remove the seasonal profiles of the periods m2 and m (longest first),
// forecast the seasonally adjusted series with a non-seasonal ETS chosen by AICc, and add the
// profiles back. Profiles are means over the most recent cycles of the series detrended by a
// centred moving average (not loess), so they follow slowly changing seasonality. Positive
// series are modelled on the log scale, where daily and weekly swings scale with the level.
#pragma once

#include "forecast/model.h"

namespace oiis::forecast::detail {

ModelFit mstl(const SeriesView& s, bool intervals);

}  // namespace oiis::forecast::detail
