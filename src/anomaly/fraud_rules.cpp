#include "anomaly/fraud_rules.h"

#include <cmath>
#include <cstdio>

namespace oiis::anomaly {
namespace {

// Feature columns read here (order_risk.cpp: kNames).
constexpr int kValueRatio = 1, kAccountAge = 2, kUnits = 6, kVelocity = 8;

FraudRuleHit hit(const char* code, const char* format, double value) {
  char reason[96];
  std::snprintf(reason, sizeof reason, format, value);
  return {code, reason};
}

}  // namespace

Status validate(const FraudRuleOptions& o) {
  if (!(o.new_account_hours > 0)) return invalid_argument("new_account_hours must be above 0", "new_account_hours");
  if (!(o.high_value_ratio > 1)) return invalid_argument("high_value_ratio must be above 1", "high_value_ratio");
  if (o.night_from_hour < 0 || o.night_to_hour > 24 || o.night_from_hour >= o.night_to_hour)
    return invalid_argument("night hours must satisfy 0 <= from < to <= 24", "night_from_hour");
  if (!(o.bulk_units > 0)) return invalid_argument("bulk_units must be above 0", "bulk_units");
  if (!(o.velocity_orders >= 1)) return invalid_argument("velocity_orders must be at least 1", "velocity_orders");
  if (o.min_rules < 1 || o.min_rules > 5) return invalid_argument("min_rules must be 1 to 5", "min_rules");
  return Status::ok();
}

std::vector<std::vector<FraudRuleHit>> fraud_rule_hits(std::span<const OrderRecord> orders,
                                                       std::span<const double> features,
                                                       const FraudRuleOptions& o) {
  std::vector<std::vector<FraudRuleHit>> hits(orders.size());
  for (std::size_t i = 0; i < orders.size(); ++i) {
    const double* f = &features[i * kOrderFeatures];
    auto& out = hits[i];
    // Features hold log1p(days) and log ratios; undo them to state the rule in plain units.
    const double age_hours = std::expm1(f[kAccountAge]) * 24;
    if (orders[i].signup_at && age_hours < o.new_account_hours)
      out.push_back(hit("new_account", "account %.1f h old", age_hours));
    const double ratio = std::exp(f[kValueRatio]);
    if (ratio >= o.high_value_ratio) out.push_back(hit("high_value", "%.1fx the usual order value", ratio));
    const double hour = static_cast<double>(((orders[i].placed_at % 86400) + 86400) % 86400) / 3600.0;
    if (hour >= o.night_from_hour && hour < o.night_to_hour)
      out.push_back(hit("night", "placed at %.1f h", hour));
    const double units = std::expm1(f[kUnits]);
    if (units >= o.bulk_units) out.push_back(hit("bulk", "%.0f units", units));
    if (f[kVelocity] >= o.velocity_orders) out.push_back(hit("velocity", "%.0f orders in the previous 24 h", f[kVelocity]));
  }
  return hits;
}

}  // namespace oiis::anomaly
