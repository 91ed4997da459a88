#include "anomaly/price_anomaly.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace oiis::anomaly {
namespace {

double median(std::vector<double> v) {
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  if (v.size() % 2) return v[mid];
  const double upper = v[mid];
  return (*std::max_element(v.begin(), v.begin() + mid) + upper) / 2;
}

constexpr double kMadToSd = 1.4826;  // MAD of a normal sample x this = its standard deviation

}  // namespace

Status validate(const PriceAnomalyOptions& o) {
  if (o.window < 2) return invalid_argument("must be >= 2", "window");
  if (!(o.min_ratio > 1)) return invalid_argument("must be > 1", "min_ratio");
  if (!(o.min_robust_z > 0)) return invalid_argument("must be > 0", "min_robust_z");
  if (!(o.min_spread > 0)) return invalid_argument("must be > 0", "min_spread");
  return Status::ok();
}

std::vector<PriceAnomaly> price_anomalies(std::span<const double> prices,
                                          const PriceAnomalyOptions& o) {
  std::vector<PriceAnomaly> out;
  std::vector<double> logs;
  for (std::size_t i = 1; i < prices.size(); ++i) {
    const double price = prices[i];
    if (!(price > 0)) {
      out.push_back({i, price, 0, 0, 0, "price is not positive"});
      continue;
    }
    logs.clear();
    for (std::size_t j = i > static_cast<std::size_t>(o.window) ? i - o.window : 0; j < i; ++j)
      if (prices[j] > 0) logs.push_back(std::log(prices[j]));
    if (logs.empty()) continue;
    const double centre = median(logs);
    std::vector<double> deviations(logs.size());
    for (std::size_t k = 0; k < logs.size(); ++k) deviations[k] = std::fabs(logs[k] - centre);
    const double spread = std::max(kMadToSd * median(deviations), o.min_spread);
    const double distance = std::log(price) - centre;
    const double z = distance / spread;
    if (std::fabs(distance) < std::log(o.min_ratio) || std::fabs(z) < o.min_robust_z) continue;
    PriceAnomaly a{i, price, std::exp(centre), std::exp(distance), z, {}};
    char reason[128];
    std::snprintf(reason, sizeof reason, "price %.3gx its recent median %.2f (robust z %.1f)",
                  a.ratio, a.reference, z);
    a.reason = reason;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace oiis::anomaly
