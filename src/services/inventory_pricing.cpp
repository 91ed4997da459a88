// The inventory service's pricing half (services/inventory_service.h): per-product price
// elasticity from the snapshot, shrunk toward the category, and margin-maximising prices only
// where cost and an identified elasticity allow one. Apart from inventory_service.cpp to keep
// each service file short.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "common/parallel.h"
#include "services/inventory_detail.h"
#include "services/inventory_service.h"

namespace oiis::services {

using inventory_detail::sum_range;

// ---- pricing --------------------------------------------------------------------------------

namespace {

constexpr int kLaunchSkipDays = 28;       // demand ramps up after launch
constexpr double kTypoFactor = 2.0;       // one-day price jumps beyond x2 are typos
constexpr double kCensoredRunP = 0.001;   // zero runs this unlikely are stock-outs

std::vector<double> product_units(const InventorySnapshot& s, std::size_t p) {
  std::vector<double> q(s.days(), 0.0);
  for (std::size_t l = 0; l < s.locations.size(); ++l)
    for (int d = 0; d < s.days(); ++d) q[d] += s.demand[s.slot(p, l)][d];
  return q;
}

// Promotion days from the price log ("promotion" ... "promotion_end") and the last usable day
// (a markdown marks a declining product: its demand falls for reasons other than price).
void promo_and_cutoff(const InventorySnapshot& s, std::size_t p, std::vector<std::uint8_t>& promo,
                      int& cutoff) {
  promo.assign(s.days(), 0);
  cutoff = s.days();
  int promo_from = -1;
  for (const auto& c : s.price_changes[p]) {
    const int d = std::clamp(date_of(c.at) - s.first_day, 0, s.days());
    if (c.reason == "promotion") promo_from = d;
    if (c.reason == "promotion_end" && promo_from >= 0) {
      std::fill(promo.begin() + promo_from, promo.begin() + d, 1);
      promo_from = -1;
    }
    if (c.reason == "markdown") cutoff = std::min(cutoff, d);
  }
  if (promo_from >= 0) std::fill(promo.begin() + promo_from, promo.end(), 1);
}

// Days a regression can use: after the launch ramp, before the cut-off and the last sale, not
// a one-day price typo, not inside an implausibly long run of zero sales (a stock-out).
// `receipt[d]` marks days a purchase order for the product arrived: a run of zero sales that
// ends with a delivery is the shelf being empty, and the day before it sold out part-way.
std::vector<std::uint8_t> usable_days(const std::vector<double>& q, const std::vector<double>& price,
                                      const std::vector<std::uint8_t>& receipt, int cutoff) {
  const int n = static_cast<int>(q.size());
  std::vector<std::uint8_t> use(n, 0);
  int first = 0, last = n - 1;
  while (first < n && q[first] <= 0) ++first;
  while (last >= 0 && q[last] <= 0) --last;
  const int from = first + kLaunchSkipDays, to = std::min(cutoff, last + 1);
  if (from >= to) return use;
  for (int d = from; d < to; ++d) use[d] = 1;
  for (int d = std::max(from, 1); d + 1 < to; ++d) {
    const double up = price[d] / price[d - 1], down = price[d] / price[d + 1];
    if ((up > kTypoFactor || up < 1 / kTypoFactor) && (down > kTypoFactor || down < 1 / kTypoFactor))
      use[d] = 0;
  }
  double total = 0;
  int days = 0;
  for (int d = from; d < to; ++d) total += use[d] ? q[d] : 0, days += use[d];
  // Units come in lines of a few units; a third of the unit rate is a cautious line rate.
  const double line_rate = days > 0 ? total / days / 3 : 0;
  for (int d = from; d < to;) {
    if (q[d] > 0) {
      ++d;
      continue;
    }
    int e = d;
    while (e < to && q[e] <= 0) ++e;
    const bool restocked = e < static_cast<int>(receipt.size()) && receipt[e];
    if (restocked || std::exp(-line_rate * (e - d)) < kCensoredRunP)
      std::fill(use.begin() + std::max(from, d - (restocked ? 1 : 0)), use.begin() + e, 0);
    d = e;
  }
  return use;
}

}  // namespace

namespace {

// What a price recommendation would have to guess for this product. A category prior is not
// evidence about the product's own customers, and without a cost there is no margin to keep.
std::vector<std::string> pricing_gaps(const Product& product,
                                      const inventory::ElasticityEstimate& raw) {
  std::vector<std::string> out;
  if (!(product.cost > 0)) out.push_back("cost: unknown, so the margin cannot be computed");
  if (!raw.identified)
    out.push_back("elasticity: not identified from this product's own prices (" +
                  std::to_string(raw.observations) +
                  " usable days, too little price variation); a category prior is not evidence");
  return out;
}

}  // namespace

Result<PricingReport> pricing_report(const InventorySnapshot& s, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc) {
  const std::size_t n = s.products.size();
  // Category demand index: seasonality, holidays and traffic shared by the category.
  std::vector<std::string> names;
  std::vector<int> group(n);
  for (std::size_t p = 0; p < n; ++p) {
    auto it = std::find(names.begin(), names.end(), s.products[p].category);
    group[p] = static_cast<int>(it - names.begin());
    if (it == names.end()) names.push_back(s.products[p].category);
  }
  std::vector<std::vector<double>> units(n);
  std::vector<std::vector<double>> category(names.size(), std::vector<double>(s.days(), 0.0));
  for (std::size_t p = 0; p < n; ++p) {
    units[p] = product_units(s, p);
    for (int d = 0; d < s.days(); ++d) category[group[p]][d] += units[p][d];
  }
  std::vector<inventory::ElasticityEstimate> raw(n);
  OIIS_RETURN_IF_ERROR(parallel_for(n, [&](std::size_t p) -> Status {
    // Leave the product out of its own index: a big seller's promotions would otherwise lift
    // the index and hide its own price response.
    std::vector<double> others(s.days());
    for (int d = 0; d < s.days(); ++d) others[d] = category[group[p]][d] - units[p][d];
    const double mean = std::accumulate(others.begin(), others.end(), 0.0) / std::max(1, s.days());
    std::vector<double> log_index(s.days());
    for (int d = 0; d < s.days(); ++d)
      log_index[d] = others[d] > 0 && mean > 0 ? std::log(others[d] / mean) : NAN;
    const auto price = daily_prices(s, p);
    std::vector<std::uint8_t> promo;
    int cutoff = 0;
    promo_and_cutoff(s, p, promo, cutoff);
    std::vector<std::uint8_t> receipt(s.days() + 1, 0);
    for (const auto& r : s.purchases) {
      if (r.product_id != s.products[p].id || !r.received_at) continue;
      const int d = date_of(*r.received_at) - s.first_day;
      if (d >= 0 && d <= s.days()) receipt[d] = 1;
    }
    const auto use = usable_days(units[p], price, receipt, cutoff);
    auto e = inventory::estimate_elasticity({price, units[p], log_index, {}, use});
    if (!e) return e.status();
    raw[p] = *e;
    return Status::ok();
  }, {.threads = o.threads}));
  const auto shrunk = inventory::shrink_elasticities(raw, group);
  PricingReport r;
  r.provenance.data_date = s.end_day - 1;
  r.provenance.parameters = parameters_json(o);
  r.provenance.parameters["pricing"] = {
      {"max_increase", pc.max_increase}, {"max_decrease", pc.max_decrease},
      {"min_margin", pc.min_margin},     {"overstock_days", pc.overstock_days},
      {"slow_days", pc.slow_days},       {"clear_days", pc.clear_days}};
  for (std::size_t p = 0; p < n; ++p) {
    const Product& product = s.products[p];
    inventory::PricingInput in;
    in.price = product.price;
    in.unit_cost = product.cost;
    in.elasticity = shrunk[p];
    in.daily_demand = sum_range(units[p], s.days() - 28, s.days()) / 28;
    for (std::size_t l = 0; l < s.locations.size(); ++l) in.on_hand += s.stock[s.slot(p, l)].on_hand;
    int last = s.days() - 1;
    while (last >= 0 && units[p][last] <= 0) --last;
    in.days_since_last_sale = s.days() - 1 - last;
    PricingRow row{product.id, product.sku, product.name, product.category, product.price,
                   product.cost, raw[p], shrunk[p], pricing_gaps(product, raw[p]), {}};
    if (row.missing.empty()) {
      auto suggestion = inventory::suggest_price(in, pc);
      if (!suggestion)
        return invalid_argument(suggestion.status().message() + " (sku '" + product.sku + "')",
                                "products[" + std::to_string(p) + "]." +
                                    suggestion.status().field());
      row.suggestion = std::move(suggestion).value();
    }
    r.rows.push_back(std::move(row));
  }
  return r;
}

Result<PricingReport> pricing_report(Store& store, const InventoryOptions& o,
                                     const inventory::PricingConfig& pc) {
  auto s = build_snapshot(store, {o.as_of, true});
  if (!s) return s.status();
  return pricing_report(*s, o, pc);
}

}  // namespace oiis::services
