#include "anomaly/robust_stats.h"

#include <algorithm>
#include <cmath>

namespace oiis::anomaly {

double median(std::vector<double> v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  if (v.size() % 2) return v[mid];
  const double upper = v[mid];
  return (*std::max_element(v.begin(), v.begin() + mid) + upper) / 2;
}

double robust_spread(std::span<const double> values, double centre) {
  std::vector<double> deviations(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) deviations[k] = std::fabs(values[k] - centre);
  return kMadToSd * median(std::move(deviations));
}

}  // namespace oiis::anomaly
