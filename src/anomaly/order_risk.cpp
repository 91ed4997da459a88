#include "anomaly/order_risk.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace oiis::anomaly {
namespace {

constexpr std::array<const char*, kOrderFeatures> kNames = {
    "order value",     "value against the customer's usual", "account age",
    "hour (sine)",     "hour (cosine)",                      "lines",
    "units",           "most expensive item",                "orders in the last day"};
constexpr double kSecondsPerDay = 86400;

struct CustomerHistory {
  double orders = 0, value = 0;
  std::deque<Timestamp> recent;  // placement times within the last day
};

}  // namespace

std::span<const char* const> order_feature_names() { return kNames; }

std::vector<double> order_features(std::span<const OrderRecord> orders) {
  std::vector<double> x;
  x.reserve(orders.size() * kOrderFeatures);
  std::unordered_map<std::int64_t, CustomerHistory> history;
  double all_value = 0, all_orders = 0;
  constexpr double kTwoPi = 6.283185307179586;
  for (const OrderRecord& o : orders) {
    CustomerHistory* h = o.customer_id ? &history[*o.customer_id] : nullptr;
    // The customer's usual order value, else the shop's so far.
    const double usual = h && h->orders > 0 ? h->value / h->orders
                         : all_orders > 0   ? all_value / all_orders
                                            : o.total;
    const double age_days =
        o.signup_at ? std::max(0.0, (o.placed_at - *o.signup_at) / kSecondsPerDay) : 365.0;
    const double hour = static_cast<double>(((o.placed_at % 86400) + 86400) % 86400) / 3600.0;
    if (h) {
      while (!h->recent.empty() && h->recent.front() <= o.placed_at - 86400) h->recent.pop_front();
    }
    const double velocity = h ? static_cast<double>(h->recent.size()) : 0.0;
    x.insert(x.end(), {std::log1p(std::max(o.total, 0.0)),
                       std::log((1 + std::max(o.total, 0.0)) / (1 + std::max(usual, 0.0))),
                       std::log1p(age_days), std::sin(kTwoPi * hour / 24), std::cos(kTwoPi * hour / 24),
                       static_cast<double>(o.lines), std::log1p(std::max(o.quantity, 0.0)),
                       std::log1p(std::max(o.max_unit_price, 0.0)), velocity});
    if (h) {
      h->orders += 1;
      h->value += o.total;
      h->recent.push_back(o.placed_at);
    }
    all_value += o.total;
    all_orders += 1;
  }
  return x;
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
  // Per feature, the 1st and 99th percentiles: a reason is a value outside them.
  std::array<double, kOrderFeatures> low{}, high{};
  std::vector<double> column(orders.size());
  for (int f = 0; f < kOrderFeatures; ++f) {
    for (std::size_t r = 0; r < orders.size(); ++r) column[r] = x[r * kOrderFeatures + f];
    const auto at = [&](double q) {
      auto nth = column.begin() + static_cast<std::ptrdiff_t>(q * (column.size() - 1));
      std::nth_element(column.begin(), nth, column.end());
      return *nth;
    };
    low[f] = at(0.01);
    high[f] = at(0.99);
  }
  const std::vector<double> scores = forest->score_all(x);
  std::vector<OrderRisk> out(orders.size());
  for (std::size_t r = 0; r < orders.size(); ++r) {
    const auto row = std::span<const double>(x).subspan(r * kOrderFeatures, kOrderFeatures);
    out[r].order_id = orders[r].order_id;
    out[r].score = scores[r];
    for (int f = 0; f < kOrderFeatures; ++f) {
      if (row[f] > high[f] && high[f] > low[f]) out[r].reasons.push_back(std::string(kNames[f]) + " unusually high");
      if (row[f] < low[f] && high[f] > low[f]) out[r].reasons.push_back(std::string(kNames[f]) + " unusually low");
    }
  }
  return out;
}

}  // namespace oiis::anomaly
