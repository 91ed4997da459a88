// The differencing pieces of auto ARIMA (forecast/arima.cpp): differencing polynomials and
// differenced series, and the small series statistics the likelihood and the unit-root tests
// share. Internal to the forecast module; the tests themselves (KPSS, seasonal strength) are
// declared in forecast/arima.h.
#pragma once

#include <span>
#include <vector>

namespace oiis::forecast::detail::differencing {

// (1 - B)^d (1 - B^m)^D as 1 - sum delta_k B^k.
std::vector<double> differencing_poly(int d, int D, int m);

std::vector<double> difference(std::span<const double> y, int d, int D, int m);

bool is_constant(std::span<const double> y);

double mean_of(std::span<const double> y);

double variance_of(std::span<const double> y);

}  // namespace oiis::forecast::detail::differencing
