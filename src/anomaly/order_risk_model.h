// Scoring one order as it is placed (issue 13), pure: a model fitted on the shop's orders so far
// (the Isolation Forest, the features' usual ranges, the distribution of scores) plus the
// running history its features read, so a new order is scored in microseconds without reading
// the store. The batch scan (services/anomaly_service.h) and this model compute the same
// features from the same history code (order_risk.h: OrderHistory).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "anomaly/fraud_rules.h"
#include "anomaly/isolation_forest.h"
#include "anomaly/order_risk.h"
#include "common/status.h"

namespace oiis::anomaly {

struct PlacementRisk {
  double score = 0;       // Isolation Forest score, higher = more unusual
  double percentile = 0;  // share of the fitted orders that scored lower (0..1)
  std::vector<std::string> reasons;  // features outside the fitted orders' 1st..99th percentile
  std::vector<FraudRuleHit> rules;   // the transparent rules it breaks
  bool flagged = false;              // at least FraudRuleOptions::min_rules rules broken
};

class OrderRiskModel {
 public:
  // Fits on `orders` (placement order) and keeps their history for scoring the next ones.
  // kInvalidArgument for no orders or options that do not validate (naming the option).
  static Result<OrderRiskModel> fit(std::span<const OrderRecord> orders,
                                    const IsolationForestOptions& forest = {},
                                    const FraudRuleOptions& rules = {});
  // `order` against the history so far; the model is not changed.
  PlacementRisk score(const OrderRecord& order) const;
  // Adds a placed order to the history that later orders' features read.
  void add(const OrderRecord& order) { history_.add(order); }
  std::optional<Timestamp> signup_of(std::int64_t customer_id) const {
    return history_.signup_of(customer_id);
  }
  std::size_t fitted_orders() const { return fitted_orders_; }

 private:
  OrderRiskModel(IsolationForest forest, FraudRuleOptions rules)
      : forest_(std::move(forest)), rules_(rules) {}
  IsolationForest forest_;
  FraudRuleOptions rules_;
  FeatureBounds bounds_;
  std::vector<double> score_quantiles_;  // the fitted orders' scores at 0.1% steps, ascending
  OrderHistory history_;
  std::size_t fitted_orders_ = 0;
};

}  // namespace oiis::anomaly
