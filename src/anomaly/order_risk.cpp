#include "anomaly/order_risk.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace oiis::anomaly {
namespace {

constexpr std::array<const char*, kOrderFeatures> kNames = {
    "order value",     "value against the customer's usual", "account age",
    "hour (sine)",     "hour (cosine)",                      "lines",
    "units",           "most expensive item",                "orders in the last day"};
constexpr double kSecondsPerDay = 86400;

}  // namespace

std::span<const char* const> order_feature_names() { return kNames; }

OrderFeatureRow OrderHistory::features(const OrderRecord& o) const {
  constexpr double kTwoPi = 6.283185307179586;
  const Customer* c = nullptr;
  if (o.customer_id)
    if (auto it = customers_.find(*o.customer_id); it != customers_.end()) c = &it->second;
  // The customer's usual order value, else the shop's so far.
  const double usual = c && c->orders > 0 ? c->value / c->orders
                       : all_orders_ > 0  ? all_value_ / all_orders_
                                          : o.total;
  const std::optional<Timestamp> signup = o.signup_at ? o.signup_at : c ? c->signup_at : std::nullopt;
  const double age_days = signup ? std::max(0.0, (o.placed_at - *signup) / kSecondsPerDay) : 365.0;
  const double hour = static_cast<double>(((o.placed_at % 86400) + 86400) % 86400) / 3600.0;
  double velocity = 0;
  if (c)
    for (Timestamp t : c->recent) velocity += t > o.placed_at - 86400 ? 1 : 0;
  return {std::log1p(std::max(o.total, 0.0)),
          std::log((1 + std::max(o.total, 0.0)) / (1 + std::max(usual, 0.0))),
          std::log1p(age_days), std::sin(kTwoPi * hour / 24), std::cos(kTwoPi * hour / 24),
          static_cast<double>(o.lines), std::log1p(std::max(o.quantity, 0.0)),
          std::log1p(std::max(o.max_unit_price, 0.0)), velocity};
}

void OrderHistory::add(const OrderRecord& o) {
  all_value_ += o.total;
  all_orders_ += 1;
  if (!o.customer_id) return;
  Customer& c = customers_[*o.customer_id];
  c.orders += 1;
  c.value += o.total;
  if (o.signup_at) c.signup_at = o.signup_at;
  while (!c.recent.empty() && c.recent.front() <= o.placed_at - 86400) c.recent.pop_front();
  c.recent.push_back(o.placed_at);
}

std::optional<Timestamp> OrderHistory::signup_of(std::int64_t customer_id) const {
  auto it = customers_.find(customer_id);
  return it == customers_.end() ? std::nullopt : it->second.signup_at;
}

std::vector<double> order_features(std::span<const OrderRecord> orders) {
  OrderHistory history;
  return order_features(orders, history);
}

std::vector<double> order_features(std::span<const OrderRecord> orders, OrderHistory& history) {
  std::vector<double> x;
  x.reserve(orders.size() * kOrderFeatures);
  for (const OrderRecord& o : orders) {
    const OrderFeatureRow row = history.features(o);
    x.insert(x.end(), row.begin(), row.end());
    history.add(o);
  }
  return x;
}

FeatureBounds feature_bounds(std::span<const double> x) {
  FeatureBounds b;
  const std::size_t rows = x.size() / kOrderFeatures;
  if (rows == 0) return b;
  std::vector<double> column(rows);
  for (int f = 0; f < kOrderFeatures; ++f) {
    for (std::size_t r = 0; r < rows; ++r) column[r] = x[r * kOrderFeatures + f];
    const auto at = [&](double q) {
      auto nth = column.begin() + static_cast<std::ptrdiff_t>(q * static_cast<double>(rows - 1));
      std::nth_element(column.begin(), nth, column.end());
      return *nth;
    };
    b.low[f] = at(0.01);
    b.high[f] = at(0.99);
  }
  return b;
}

std::vector<std::string> unusual_features(std::span<const double> row, const FeatureBounds& b) {
  std::vector<std::string> reasons;
  for (int f = 0; f < kOrderFeatures; ++f) {
    if (!(b.high[f] > b.low[f])) continue;  // a constant column says nothing
    if (row[f] > b.high[f]) reasons.push_back(std::string(kNames[f]) + " unusually high");
    if (row[f] < b.low[f]) reasons.push_back(std::string(kNames[f]) + " unusually low");
  }
  return reasons;
}

Result<std::vector<OrderRisk>> score_orders(std::span<const OrderRecord> orders,
                                            const IsolationForestOptions& options) {
  return score_features(order_features(orders), orders, options);
}

Result<std::vector<OrderRisk>> score_features(std::span<const double> x,
                                              std::span<const OrderRecord> orders,
                                              const IsolationForestOptions& options) {
  if (orders.empty()) return invalid_argument("no orders to score", "orders");
  if (x.size() != orders.size() * kOrderFeatures)
    return invalid_argument("need kOrderFeatures values per order", "features");
  auto forest = IsolationForest::fit(x, kOrderFeatures, options);
  if (!forest) return forest.status();
  const FeatureBounds bounds = feature_bounds(x);
  const std::vector<double> scores = forest->score_all(x);
  std::vector<OrderRisk> out(orders.size());
  for (std::size_t r = 0; r < orders.size(); ++r) {
    const auto row = std::span<const double>(x).subspan(r * kOrderFeatures, kOrderFeatures);
    out[r].order_id = orders[r].order_id;
    out[r].score = scores[r];
    out[r].reasons = unusual_features(row, bounds);
  }
  return out;
}

}  // namespace oiis::anomaly
