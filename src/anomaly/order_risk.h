// Order risk, pure: behavioural features of each order as known when it was placed (its value
// against the customer's own history, account age, hour, size, how expensive its items are,
// the customer's recent velocity), scored by an Isolation Forest; every score comes with the
// features that made it unusual.
#pragma once

#include <array>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
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

using OrderFeatureRow = std::array<double, kOrderFeatures>;

// What earlier orders say, kept as orders arrive in placement order: the features of a new order
// read it (its value against the customer's usual, the customer's orders in the previous day),
// then the order is added. The batch scan and scoring at placement share it.
class OrderHistory {
 public:
  // `o`'s features against the orders added so far; the history is not changed. A record
  // without signup_at takes the one remembered for its customer, if any.
  OrderFeatureRow features(const OrderRecord& o) const;
  void add(const OrderRecord& o);
  // The signup time remembered for a customer (from an added order that carried one).
  std::optional<Timestamp> signup_of(std::int64_t customer_id) const;

 private:
  struct Customer {
    double orders = 0, value = 0;
    std::optional<Timestamp> signup_at;
    std::deque<Timestamp> recent;  // placement times within a day of the latest added order
  };
  std::unordered_map<std::int64_t, Customer> customers_;
  double all_value_ = 0, all_orders_ = 0;
};

// Rows of kOrderFeatures per order; `orders` must be in placement order (the history features
// read only earlier orders). The second form also leaves every order in `history`.
std::vector<double> order_features(std::span<const OrderRecord> orders);
std::vector<double> order_features(std::span<const OrderRecord> orders, OrderHistory& history);

// Per feature, the 1st and 99th percentiles of the orders a model saw: a value outside them is a
// reason ("units unusually high").
struct FeatureBounds {
  OrderFeatureRow low{}, high{};
};
FeatureBounds feature_bounds(std::span<const double> features);  // kOrderFeatures per row
std::vector<std::string> unusual_features(std::span<const double> row, const FeatureBounds& bounds);

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
