// Behavioural features for churn at a cut-off (customers/churn.h): recency, tenure, how often
// and how much, recently and overall, and whether the pace is slowing.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "customers/churn.h"

namespace oiis::customers {
namespace {

constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();

// One customer's purchase days (several purchases on one day are one) and amounts per day.
struct History {
  std::vector<std::pair<Date, double>> days;  // ascending
};

std::map<std::string, History> histories(std::span<const Purchase> purchases, Date cutoff) {
  std::map<std::string, std::map<Date, double>> by_day;
  for (const Purchase& p : purchases) {
    if (p.day <= cutoff) by_day[p.customer][p.day] += p.amount;
  }
  std::map<std::string, History> out;
  for (auto& [customer, days] : by_day) {
    History& h = out[customer];
    h.days.assign(days.begin(), days.end());
  }
  return out;
}

// Purchase days and spend in (cutoff - to_days, cutoff - from_days].
std::pair<int, double> activity(const History& h, Date cutoff, int from_days, int to_days) {
  int days = 0;
  double spend = 0;
  for (const auto& [day, amount] : h.days) {
    if (day > cutoff - to_days && day <= cutoff - from_days) {
      ++days;
      spend += amount;
    }
  }
  return {days, spend};
}

void append_row(const History& h, Date cutoff, std::vector<float>& x) {
  const Date first = h.days.front().first, last = h.days.back().first;
  const int n = static_cast<int>(h.days.size());
  double total = 0;
  for (const auto& d : h.days) total += d.second;
  const int d30 = activity(h, cutoff, 0, 30).first;
  const auto [d90, s90] = activity(h, cutoff, 0, 90);
  const int d365 = activity(h, cutoff, 0, 365).first;
  const int d_prev = activity(h, cutoff, 90, 180).first;
  const double recency = cutoff - last;
  const double gap = n > 1 ? static_cast<double>(last - first) / (n - 1) : std::nan("");
  const float row[] = {
      static_cast<float>(recency),
      static_cast<float>(cutoff - first),
      static_cast<float>(n),
      static_cast<float>(d30),
      static_cast<float>(d90),
      static_cast<float>(d365),
      static_cast<float>(total),
      static_cast<float>(s90),
      static_cast<float>(total / n),
      n > 1 ? static_cast<float>(gap) : kMissing,
      n > 1 && gap > 0 ? static_cast<float>(recency / gap) : kMissing,
      d_prev > 0 ? static_cast<float>(static_cast<double>(d90) / d_prev) : kMissing,
  };
  x.insert(x.end(), std::begin(row), std::end(row));
}

}  // namespace

const std::vector<std::string>& churn_feature_names() {
  static const std::vector<std::string> names{
      "recency_days",   "tenure_days",   "purchase_days",  "purchase_days_30",
      "purchase_days_90", "purchase_days_365", "spend",     "spend_90",
      "spend_per_purchase", "mean_gap_days", "recency_over_gap", "pace_90_vs_previous_90"};
  return names;
}

ChurnFeatures churn_features(std::span<const Purchase> purchases, Date cutoff) {
  ChurnFeatures out;
  for (const auto& [customer, h] : histories(purchases, cutoff)) {
    out.customers.push_back(customer);
    append_row(h, cutoff, out.x);
  }
  return out;
}

}  // namespace oiis::customers
