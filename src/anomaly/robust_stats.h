// Robust location and spread shared by the anomaly detectors: the median and 1.4826 x the
// median absolute deviation (the standard deviation of a normal sample), so that one wild value
// in a history neither moves the reference nor widens the bar.
#pragma once

#include <span>
#include <vector>

namespace oiis::anomaly {

inline constexpr double kMadToSd = 1.4826;  // MAD of a normal sample x this = its standard deviation

// The median (the mean of the middle two for an even count); `values` must not be empty.
double median(std::vector<double> values);

// 1.4826 x the median of |value - centre|; `values` must not be empty.
double robust_spread(std::span<const double> values, double centre);

}  // namespace oiis::anomaly
