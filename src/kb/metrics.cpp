#include "kb/metrics.h"

#include <algorithm>
#include <cmath>

namespace oiis::kb {

double hit_at(const std::vector<bool>& relevant, std::size_t k) {
  for (std::size_t i = 0; i < relevant.size() && i < k; ++i)
    if (relevant[i]) return 1;
  return 0;
}

double reciprocal_rank(const std::vector<bool>& relevant) {
  for (std::size_t i = 0; i < relevant.size(); ++i)
    if (relevant[i]) return 1.0 / static_cast<double>(i + 1);
  return 0;
}

double ndcg_at(const std::vector<bool>& relevant, std::size_t total_relevant, std::size_t k) {
  double dcg = 0, ideal = 0;
  for (std::size_t i = 0; i < relevant.size() && i < k; ++i)
    if (relevant[i]) dcg += 1 / std::log2(static_cast<double>(i) + 2);
  for (std::size_t i = 0; i < std::min(total_relevant, k); ++i) ideal += 1 / std::log2(static_cast<double>(i) + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

}  // namespace oiis::kb
