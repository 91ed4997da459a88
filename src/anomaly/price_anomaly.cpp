#include "anomaly/price_anomaly.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "anomaly/robust_stats.h"

namespace oiis::anomaly {

Status validate(const PriceAnomalyOptions& o) {
  if (o.window < 2) return invalid_argument("must be >= 2", "window");
  if (!(o.min_ratio > 1)) return invalid_argument("must be > 1", "min_ratio");
  if (!(o.min_robust_z > 0)) return invalid_argument("must be > 0", "min_robust_z");
  if (!(o.min_spread > 0)) return invalid_argument("must be > 0", "min_spread");
  return Status::ok();
}

namespace {

// The robust test at index i against the positive values before it; nullopt when not flagged.
std::optional<PriceAnomaly> robust_jump(std::span<const double> v, std::size_t i,
                                        const PriceAnomalyOptions& o, bool high_only) {
  std::vector<double> logs;
  for (std::size_t j = i > static_cast<std::size_t>(o.window) ? i - o.window : 0; j < i; ++j)
    if (v[j] > 0) logs.push_back(std::log(v[j]));
  if (logs.empty()) return std::nullopt;
  const double centre = median(logs);
  const double spread = std::max(robust_spread(logs, centre), o.min_spread);
  const double distance = std::log(v[i]) - centre;
  const double z = distance / spread;
  if (high_only && distance < 0) return std::nullopt;
  if (std::fabs(distance) < std::log(o.min_ratio) || std::fabs(z) < o.min_robust_z)
    return std::nullopt;
  PriceAnomaly a{i, v[i], std::exp(centre), std::exp(distance), z, {}};
  char reason[128];
  std::snprintf(reason, sizeof reason, "%.3gx its recent median %.2f (robust z %.1f)", a.ratio,
                a.reference, z);
  a.reason = reason;
  return a;
}

}  // namespace

std::vector<PriceAnomaly> price_anomalies(std::span<const double> prices,
                                          const PriceAnomalyOptions& o) {
  std::vector<PriceAnomaly> out;
  for (std::size_t i = 1; i < prices.size(); ++i) {
    if (!(prices[i] > 0)) {
      out.push_back({i, prices[i], 0, 0, 0, "price is not positive"});
    } else if (auto a = robust_jump(prices, i, o, false)) {
      a->reason = "price " + a->reason;
      out.push_back(std::move(*a));
    }
  }
  return out;
}

std::vector<PriceAnomaly> sequence_outliers(std::span<const double> values,
                                            const PriceAnomalyOptions& o, bool high_only) {
  std::vector<PriceAnomaly> out;
  for (std::size_t i = 1; i < values.size(); ++i)
    if (values[i] > 0)
      if (auto a = robust_jump(values, i, o, high_only)) out.push_back(std::move(*a));
  return out;
}

}  // namespace oiis::anomaly
