#include "customers/rfm.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace oiis::customers {
namespace {

constexpr std::string_view kGroups[] = {"champions", "loyal",       "potential loyalist",
                                        "new",       "need attention", "at risk",
                                        "can't lose", "hibernating", "lost"};

}  // namespace

std::string_view rfm_group(int r, int f) {
  if (r >= 4) return f >= 4 ? (r == 5 ? "champions" : "loyal") : f >= 2 ? "potential loyalist" : "new";
  if (r == 3) return f >= 4 ? "loyal" : "need attention";
  if (f == 5) return "can't lose";
  if (f >= 3) return "at risk";
  return r == 2 ? "hibernating" : "lost";
}

std::vector<int> quintile_scores(std::span<const double> values, bool higher_is_better) {
  const std::size_t n = values.size();
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Customers with a strictly worse value.
    const auto worse = higher_is_better
                           ? std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin()
                           : sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), values[i]);
    const bool best = values[i] == (higher_is_better ? sorted.back() : sorted.front());
    out[i] = best ? 5 : 1 + static_cast<int>(5 * static_cast<std::size_t>(worse) / n);
  }
  return out;
}

Result<RfmResult> compute_rfm(std::span<const Purchase> purchases, Date as_of) {
  struct Totals {
    std::map<Date, double> days;
  };
  std::map<std::string, Totals> by_customer;
  for (std::size_t i = 0; i < purchases.size(); ++i) {
    const Purchase& p = purchases[i];
    if (!(p.amount >= 0) || !std::isfinite(p.amount))
      return invalid_argument("must be a finite number >= 0",
                              "purchases[" + std::to_string(i) + "].amount");
    if (p.day <= as_of) by_customer[p.customer].days[p.day] += p.amount;
  }
  if (by_customer.empty()) return failed_precondition("no purchase on or before the cut-off", "as_of");
  RfmResult out;
  out.as_of = as_of;
  std::vector<double> recency, frequency, monetary;
  for (const auto& [customer, t] : by_customer) {
    RfmCustomer c;
    c.customer = customer;
    c.recency_days = as_of - t.days.rbegin()->first;
    c.frequency = static_cast<int>(t.days.size());
    for (const auto& [day, amount] : t.days) c.monetary += amount;
    recency.push_back(c.recency_days);
    frequency.push_back(c.frequency);
    monetary.push_back(c.monetary);
    out.customers.push_back(std::move(c));
  }
  const auto r = quintile_scores(recency, false), f = quintile_scores(frequency, true),
             m = quintile_scores(monetary, true);
  double total = std::accumulate(monetary.begin(), monetary.end(), 0.0);
  for (std::string_view name : kGroups) out.groups.push_back({name});
  for (std::size_t i = 0; i < out.customers.size(); ++i) {
    RfmCustomer& c = out.customers[i];
    c.r = r[i], c.f = f[i], c.m = m[i];
    c.group = rfm_group(c.r, c.f);
    auto g = std::find_if(out.groups.begin(), out.groups.end(),
                          [&](const RfmGroup& x) { return x.name == c.group; });
    ++g->customers;
    g->revenue += c.monetary;
  }
  for (auto& g : out.groups) {
    g.revenue_share = total > 0 ? g.revenue / total : 0;
    g.customer_share = static_cast<double>(g.customers) / static_cast<double>(out.customers.size());
  }
  return out;
}

}  // namespace oiis::customers
