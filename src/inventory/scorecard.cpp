// Supplier scorecards from purchase-order history.
#include <algorithm>
#include <cmath>
#include <map>

#include "inventory/inventory.h"

namespace oiis::inventory {
namespace {

constexpr double kOnTimeGraceDays = 1.0;  // a delivery the morning after the promise is on time

struct Accumulator {
  std::map<Id, const PurchaseRecord*> orders;  // first line of each PO (times are per PO)
  double ordered = 0, received = 0;
  std::map<Id, std::vector<std::pair<double, double>>> costs;  // product -> (years, log cost)
};

// Mean within-product OLS slope of log unit cost on time (per year), weighted by points.
double price_trend(const std::map<Id, std::vector<std::pair<double, double>>>& costs) {
  double weighted = 0, weight = 0;
  for (const auto& [product, pts] : costs) {
    if (pts.size() < 2) continue;
    double mx = 0, my = 0;
    for (auto [x, y] : pts) mx += x, my += y;
    mx /= pts.size();
    my /= pts.size();
    double sxy = 0, sxx = 0;
    for (auto [x, y] : pts) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
    if (sxx <= 1e-9) continue;
    weighted += sxy / sxx * pts.size();
    weight += pts.size();
  }
  return weight > 0 ? std::expm1(weighted / weight) : 0.0;
}

SupplierScorecard finish(Id id, const Accumulator& a) {
  SupplierScorecard card;
  card.supplier_id = id;
  card.purchase_orders = static_cast<std::int64_t>(a.orders.size());
  std::int64_t on_time = 0;
  for (const auto& [po, r] : a.orders) {
    if (!r->received_at) continue;
    ++card.received_orders;
    const double days = static_cast<double>(*r->received_at - r->created_at) / kSecondsPerDay;
    card.lead_times.push_back(std::max(0.0, days));
    if (!r->expected_at ||
        *r->received_at <= *r->expected_at + static_cast<Timestamp>(kOnTimeGraceDays * kSecondsPerDay))
      ++on_time;
  }
  const double n = static_cast<double>(card.lead_times.size());
  if (n > 0) {
    for (double d : card.lead_times) card.lead_time_mean += d / n;
    double ss = 0;
    for (double d : card.lead_times) ss += (d - card.lead_time_mean) * (d - card.lead_time_mean);
    card.lead_time_sd = n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
    card.on_time_rate = on_time / n;
  }
  card.fill_rate = a.ordered > 0 ? a.received / a.ordered : 0.0;
  card.price_trend = price_trend(a.costs);
  return card;
}

}  // namespace

std::vector<SupplierScorecard> scorecards(std::span<const PurchaseRecord> records) {
  std::map<Id, Accumulator> by_supplier;
  for (const auto& r : records) {
    Accumulator& a = by_supplier[r.supplier_id];
    a.orders.emplace(r.purchase_order_id, &r);
    if (r.received_at) {  // fill rate over delivered orders only; open ones are still coming
      a.ordered += static_cast<double>(r.ordered);
      a.received += static_cast<double>(r.received);
    }
    if (r.unit_cost > 0)
      a.costs[r.product_id].emplace_back(static_cast<double>(r.created_at) / (365.0 * kSecondsPerDay),
                                         std::log(r.unit_cost));
  }
  std::vector<SupplierScorecard> out;
  for (const auto& [id, a] : by_supplier) out.push_back(finish(id, a));
  return out;
}

}  // namespace oiis::inventory
