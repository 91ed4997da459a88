#include "anomaly/order_risk_model.h"

#include <algorithm>

namespace oiis::anomaly {
namespace {

constexpr int kQuantileSteps = 1000;

// The scores at 0, 0.1%, ..., 100%: enough to place a new score to a tenth of a percent
// without keeping every fitted order's score.
std::vector<double> quantiles_of(std::vector<double> scores) {
  std::sort(scores.begin(), scores.end());
  std::vector<double> q(kQuantileSteps + 1);
  for (int i = 0; i <= kQuantileSteps; ++i)
    q[i] = scores[static_cast<std::size_t>(static_cast<double>(i) / kQuantileSteps *
                                           static_cast<double>(scores.size() - 1))];
  return q;
}

}  // namespace

Result<OrderRiskModel> OrderRiskModel::fit(std::span<const OrderRecord> orders,
                                           const IsolationForestOptions& forest_options,
                                           const FraudRuleOptions& rules) {
  if (orders.empty()) return invalid_argument("no orders to fit the risk model on", "orders");
  OIIS_RETURN_IF_ERROR(validate(rules));
  OrderHistory history;
  const std::vector<double> x = order_features(orders, history);
  auto forest = IsolationForest::fit(x, kOrderFeatures, forest_options);
  if (!forest) return forest.status();
  OrderRiskModel model(std::move(*forest), rules);
  model.bounds_ = feature_bounds(x);
  model.score_quantiles_ = quantiles_of(model.forest_.score_all(x));
  model.history_ = std::move(history);
  model.fitted_orders_ = orders.size();
  return model;
}

PlacementRisk OrderRiskModel::score(const OrderRecord& order) const {
  OrderRecord known = order;
  if (!known.signup_at && known.customer_id) known.signup_at = history_.signup_of(*known.customer_id);
  const OrderFeatureRow row = history_.features(known);
  PlacementRisk risk;
  risk.score = forest_.score(row);
  const auto above = std::upper_bound(score_quantiles_.begin(), score_quantiles_.end(), risk.score);
  risk.percentile = static_cast<double>(above - score_quantiles_.begin()) /
                    static_cast<double>(score_quantiles_.size());
  risk.reasons = unusual_features(row, bounds_);
  risk.rules = std::move(fraud_rule_hits(std::span(&known, 1), row, rules_).front());
  risk.flagged = static_cast<int>(risk.rules.size()) >= rules_.min_rules;
  return risk;
}

}  // namespace oiis::anomaly
