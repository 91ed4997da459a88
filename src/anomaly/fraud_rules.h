// Transparent fraud rules beside the Isolation Forest (issue 13), pure: each rule is one named
// condition on what was known when the order was placed, so an analyst can read why an order
// was held. The forest ranks what is unusual; the rules say which textbook fraud signs an order
// shows. An order is flagged when it shows at least `min_rules` of them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "anomaly/order_risk.h"
#include "common/status.h"

namespace oiis::anomaly {

struct FraudRuleOptions {
  double new_account_hours = 24;  // "new account": placed within this many hours of signup
  double high_value_ratio = 3;    // "high value": at least this x the customer's usual (the shop's mean for a first order)
  int night_from_hour = 0, night_to_hour = 5;  // "night": placed in [from, to) UTC hours
  double bulk_units = 20;         // "bulk": at least this many units
  double velocity_orders = 3;     // "velocity": at least this many orders by the customer in the previous 24 h
  int min_rules = 2;              // rules an order must break to be flagged
};
Status validate(const FraudRuleOptions& o);

struct FraudRuleHit {
  std::string code;    // "new_account", "high_value", "night", "bulk", "velocity"
  std::string reason;  // "account 0.4 h old"
};

// The rules each order breaks, in input order. `features`: order_features(orders) (rows of
// kOrderFeatures); `orders` in placement order. `options` must validate.
std::vector<std::vector<FraudRuleHit>> fraud_rule_hits(std::span<const OrderRecord> orders,
                                                       std::span<const double> features,
                                                       const FraudRuleOptions& options = {});

}  // namespace oiis::anomaly
