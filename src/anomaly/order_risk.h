// Order risk, pure: behavioural features of each order as known when it was placed (its value
// against the customer's own history, account age, hour, size, how expensive its items are,
// the customer's recent velocity), scored by an Isolation Forest; every score comes with the
// features that made it unusual.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "anomaly/isolation_forest.h"
#include "common/status.h"
#include "common/time.h"

namespace oiis::anomaly {

struct OrderRecord {
  std::int64_t order_id = 0;
  std::optional<std::int64_t> customer_id;  // empty: a guest
  Timestamp placed_at = 0;
  std::optional<Timestamp> signup_at;       // of the customer, when known
  double total = 0;
  int lines = 0;
  double quantity = 0;
  double max_unit_price = 0;
};

inline constexpr int kOrderFeatures = 9;
// Names of the feature columns, in order.
std::span<const char* const> order_feature_names();

// Rows of kOrderFeatures per order; `orders` must be in placement order (the history features
// read only earlier orders).
std::vector<double> order_features(std::span<const OrderRecord> orders);

struct OrderRisk {
  std::int64_t order_id = 0;
  double score = 0;                  // Isolation Forest score, higher = more unusual
  std::vector<std::string> reasons;  // features outside their 1st..99th percentile, in column order
};
// Fits the forest on every order and scores them (input order). kInvalidArgument for no orders.
Result<std::vector<OrderRisk>> score_orders(std::span<const OrderRecord> orders,
                                            const IsolationForestOptions& options = {});
// The same from features already built by order_features(orders).
Result<std::vector<OrderRisk>> score_features(std::span<const double> features,
                                              std::span<const OrderRecord> orders,
                                              const IsolationForestOptions& options = {});

}  // namespace oiis::anomaly
