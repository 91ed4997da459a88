// Helpers shared by the inventory service's two files (inventory_service.cpp and
// inventory_pricing.cpp). Internal to services.
#pragma once

#include <algorithm>
#include <vector>

namespace oiis::services::inventory_detail {

// Sum of a series over [from, to) clipped to its bounds.
inline double sum_range(const std::vector<double>& v, int from, int to) {
  from = std::max(from, 0);
  to = std::min<int>(to, static_cast<int>(v.size()));
  double s = 0;
  for (int d = from; d < to; ++d) s += v[d];
  return s;
}

}  // namespace oiis::services::inventory_detail
