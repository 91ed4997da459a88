#include "data/demand.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>

#include "common/time.h"

namespace oiis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Location index by id (locations are sorted by id in the snapshot).
std::ptrdiff_t location_index(const InventorySnapshot& s, Id id) {
  auto it = std::lower_bound(s.locations.begin(), s.locations.end(), id,
                             [](const Location& l, Id v) { return l.id < v; });
  return it != s.locations.end() && it->id == id ? it - s.locations.begin() : -1;
}

// Whether the slot keeps a stock ledger (closing_stock leaves it empty when it has no movement).
bool has_ledger(const std::vector<std::vector<double>>& closing, std::size_t slot) {
  return !closing.empty() && !closing[slot].empty();
}
bool closes_positive(const std::vector<std::vector<double>>& closing, std::size_t slot, int day) {
  return has_ledger(closing, slot) && closing[slot][day] > 0;
}

// A stock-out that has lasted this long without a sale or a delivery reads as the product no
// longer being stocked there (discontinued, or dropped at that location): its zeros count.
constexpr int kAbandonedAfterDays = 56;

// Per snapshot day, whether the product's sales that day are censored: some location where
// it has been stocked before closed the day empty, and had not been empty for more than
// kAbandonedAfterDays. Causal on purpose: a day's censoring depends only on that day and
// earlier ones, so a backtest origin sees what it would have seen then (the product's
// end-of-data `active` flag, used before, announced discontinuations ahead of time).
std::vector<bool> censored_days(const InventorySnapshot& s, std::size_t p,
                                const std::vector<std::vector<double>>& closing,
                                const std::vector<std::size_t>& locations) {
  std::vector<bool> out(s.days(), false);
  if (closing.empty()) return out;
  for (std::size_t l : locations) {
    if (!has_ledger(closing, s.slot(p, l))) continue;  // stock-outs cannot be seen here
    const auto& stock = closing[s.slot(p, l)];
    const auto& sold = s.demand[s.slot(p, l)];
    // A location that never held the product does not censor it. Holding shows as a positive
    // close or a sale (a first delivery can sell out the day it arrives).
    bool stocked = false;
    int empty_run = 0;
    for (int d = 0; d < s.days(); ++d) {
      const bool held = stock[d] > 0 || sold[d] > 0;
      stocked = stocked || held;
      empty_run = held ? 0 : empty_run + 1;
      if (stocked && stock[d] <= 0 && empty_run <= kAbandonedAfterDays) out[d] = true;
    }
  }
  return out;
}

// Per snapshot day, whether a promotion was in force and whether the product was in clearance
// (from the price-change reasons: a "markdown" is the last price of a product on its way out).
struct PriceStates {
  std::vector<bool> promotion, clearance;
};
PriceStates price_states(const InventorySnapshot& s, std::size_t p, int days) {
  PriceStates out{std::vector<bool>(days, false), std::vector<bool>(days, false)};
  bool promotion = false, clearance = false;
  std::size_t next = 0;
  const auto& changes = s.price_changes[p];
  for (int d = 0; d < days; ++d) {
    for (; next < changes.size() && date_of(changes[next].at) <= s.first_day + d; ++next) {
      const std::string& why = changes[next].reason;
      if (why == "promotion" || why == "featured_promotion")
        promotion = true;
      else if (why == "promotion_end")
        promotion = false;
      else if (why == "markdown")
        clearance = true;
    }
    out.promotion[d] = promotion;
    out.clearance[d] = clearance;
  }
  return out;
}

// Period means of the daily list price, promotion share and clearance share, over the history
// and `plan` periods after it.
void add_prices(const InventorySnapshot& s, std::size_t p, int offset, int len, int plan,
                DemandSeries& out) {
  const std::size_t periods = out.sales.size() + plan;
  const int days = offset + static_cast<int>(periods) * len;
  const std::vector<double> price = daily_prices(s, p, days);
  const PriceStates states = price_states(s, p, days);
  out.price.assign(periods, 0.0);
  out.promo.assign(periods, 0.0);
  out.clearance.assign(periods, 0.0);
  for (int d = offset; d < days; ++d) {
    const int q = (d - offset) / len;
    out.price[q] += price[d] / len;
    out.promo[q] += states.promotion[d] ? 1.0 / len : 0.0;
    out.clearance[q] += states.clearance[d] ? 1.0 / len : 0.0;
  }
}

// Units sold per day over all products of each category (all locations): the daily shape of
// demand that a censored day's share of its week is read from.
std::map<std::string, std::vector<double>> category_days(const InventorySnapshot& s) {
  std::map<std::string, std::vector<double>> out;
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    auto& total = out.try_emplace(s.products[p].category, s.days(), 0.0).first->second;
    for (std::size_t l = 0; l < s.locations.size(); ++l)
      for (int d = 0; d < s.days(); ++d) total[d] += s.demand[s.slot(p, l)][d];
  }
  return out;
}

// Product p's series over `locations` (location indices).
DemandSeries series_for(const InventorySnapshot& s, std::size_t p,
                        const std::vector<std::size_t>& locations,
                        const std::vector<std::vector<double>>& closing, const DemandSet& grid,
                        int offset, const std::vector<double>& category_day) {
  const int len = period_days(grid.level);
  DemandSeries out;
  out.product_id = s.products[p].id;
  out.sku = s.products[p].sku;
  out.active = s.products[p].active;
  out.category = s.products[p].category;
  out.sales.assign(grid.periods, 0.0);
  out.revenue.assign(grid.periods, 0.0);
  out.values.assign(grid.periods, 0.0);
  out.censored.assign(grid.periods, 0);
  const std::vector<bool> censored = censored_days(s, p, closing, locations);
  out.stock_tracked = std::any_of(locations.begin(), locations.end(), [&](std::size_t l) {
    return has_ledger(closing, s.slot(p, l));
  });
  // Per period: units on uncensored days, and the category's units on all / uncensored days.
  std::vector<double> uncensored(grid.periods, 0.0), shape_all(grid.periods, 0.0),
      shape_seen(grid.periods, 0.0);
  int first_day = s.days();
  for (int d = offset; d < s.days(); ++d) {
    double units = 0, all_locations = 0;
    bool stocked = false;
    for (std::size_t l = 0; l < s.locations.size(); ++l) all_locations += s.demand[s.slot(p, l)][d];
    for (std::size_t l : locations) {
      units += s.demand[s.slot(p, l)][d];
      stocked = stocked || closes_positive(closing, s.slot(p, l), d);
    }
    if (units > 0 || stocked) first_day = std::min(first_day, d);
    const int period = (d - offset) / len;
    out.sales[period] += units;
    // Revenue is kept per product only: a location gets its share of the day's units.
    if (all_locations > 0) out.revenue[period] += s.revenue[p][d] * units / all_locations;
    shape_all[period] += category_day[d];
    if (censored[d]) {
      ++out.censored[period];
    } else {
      uncensored[period] += units;
      shape_seen[period] += category_day[d];
    }
  }
  // A partly censored period is scaled up by the share of the category's demand that fell on
  // its uncensored days, not by their count: stock-outs cluster on the busiest days (Black
  // Friday, the Saturday rush), and a day count would miss exactly those peaks.
  for (int q = 0; q < grid.periods; ++q) {
    const int seen = len - out.censored[q];
    if (seen == len)
      out.values[q] = out.sales[q];
    else if (seen == 0)
      out.values[q] = kNaN;
    else if (shape_seen[q] > 0)
      out.values[q] = uncensored[q] * shape_all[q] / shape_seen[q];
    else
      out.values[q] = uncensored[q] * len / seen;
  }
  out.first = std::min(grid.periods, (first_day - offset) / len);
  return out;
}

}  // namespace

std::string_view level_name(DemandLevel level) {
  return level == DemandLevel::kWeekly ? "weekly" : "daily";
}

std::optional<DemandLevel> parse_level(std::string_view name) {
  if (name == "daily") return DemandLevel::kDaily;
  if (name == "weekly") return DemandLevel::kWeekly;
  return std::nullopt;
}

int period_days(DemandLevel level) {
  return level == DemandLevel::kWeekly ? 7 : 1;
}

std::ptrdiff_t DemandSet::find(std::string_view sku) const {
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].sku == sku) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

Result<std::vector<std::vector<double>>> closing_stock(Store& store, const InventorySnapshot& s) {
  const std::size_t slots = s.products.size() * s.locations.size();
  std::vector<std::vector<double>> delta(slots, std::vector<double>(s.days(), 0.0));
  std::vector<double> opening(slots, 0.0);  // movements before the first history day
  std::vector<bool> moved(slots, false);
  MovementFilter filter;
  filter.to = timestamp_of(s.end_day);
  PageRequest page;
  page.limit = 1000;
  for (;;) {
    auto result = store.list_movements(filter, page);
    if (!result) return result.status();
    for (const auto& m : result->items) {
      const std::ptrdiff_t p = s.product_index(m.product_id), l = location_index(s, m.location_id);
      if (p < 0 || l < 0) continue;
      const int day = date_of(m.at) - s.first_day;
      moved[s.slot(p, l)] = true;
      if (day < 0)
        opening[s.slot(p, l)] += static_cast<double>(m.quantity);
      else
        delta[s.slot(p, l)][day] += static_cast<double>(m.quantity);
    }
    if (result->next_cursor.empty()) break;
    page.cursor = result->next_cursor;
  }
  for (std::size_t i = 0; i < slots; ++i) {
    if (!moved[i]) {  // sales alone (an imported history) say nothing about stock
      std::vector<double>().swap(delta[i]);
      continue;
    }
    double on_hand = opening[i];
    for (double& d : delta[i]) d = on_hand += d;  // delta becomes the closing balance
  }
  return delta;
}

// Whether location l ever held product p (a positive close) or sold it.
bool ever_held(const InventorySnapshot& s, const std::vector<std::vector<double>>& closing,
               std::size_t p, std::size_t l) {
  const std::size_t slot = s.slot(p, l);
  const auto positive = [](double v) { return v > 0; };
  return std::any_of(s.demand[slot].begin(), s.demand[slot].end(), positive) ||
         (has_ledger(closing, slot) &&
          std::any_of(closing[slot].begin(), closing[slot].end(), positive));
}

DemandSet demand_from_snapshot(const InventorySnapshot& s,
                               const std::vector<std::vector<double>>& closing,
                               const DemandOptions& options) {
  DemandSet out;
  out.level = options.level;
  out.end_day = s.end_day;
  const int len = period_days(options.level);
  out.periods = s.days() / len;
  // Whole periods ending at end_day: the last period must be complete, or the newest
  // observation would look like a demand drop. Leading partial days are dropped instead.
  const int offset = s.days() - out.periods * len;
  out.grid_start = s.first_day + offset;
  out.adjustments = s.adjustments;
  out.censoring = !closing.empty();
  out.series.reserve(s.products.size());
  const auto shapes = category_days(s);
  std::vector<std::size_t> all(s.locations.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  auto add = [&](std::size_t p, const std::vector<std::size_t>& locations) {
    out.series.push_back(
        series_for(s, p, locations, closing, out, offset, shapes.at(s.products[p].category)));
    if (options.prices) add_prices(s, p, offset, len, options.plan_periods, out.series.back());
  };
  for (std::size_t p = 0; p < s.products.size(); ++p) {
    if (!options.by_location) {
      add(p, all);
      continue;
    }
    for (std::size_t l : all) {
      if (!ever_held(s, closing, p, l)) continue;
      add(p, {l});
      out.series.back().location_id = s.locations[l].id;
      out.series.back().location = s.locations[l].code;
    }
  }
  return out;
}

std::vector<std::string> demand_caveats(const DemandSet& demand) {
  std::vector<std::string> out;
  const auto tracked = std::count_if(demand.series.begin(), demand.series.end(),
                                     [](const DemandSeries& x) { return x.stock_tracked; });
  const auto n = static_cast<long>(demand.series.size());
  if (!demand.censoring)
    out.push_back("stock-out censoring is off: sales are taken as demand");
  else if (tracked < n)
    out.push_back(std::to_string(n - tracked) + " of " + std::to_string(n) +
                  " series have no stock ledger (no stock movements): stock-outs cannot be "
                  "detected there, so their forecasts are of sales, not of demand");
  const auto& a = demand.adjustments;
  if (a.cancelled_orders > 0)
    out.push_back(std::to_string(a.cancelled_orders) + " cancelled orders are not demand");
  if (a.credit_lines > 0) {
    char text[200];
    std::snprintf(text, sizeof text,
                  "%ld credit-note lines cancelled %.0f units of earlier sales; %.0f credited "
                  "units had no earlier sale in the history",
                  a.credit_lines, a.credited_units, a.unmatched_credit_units);
    out.push_back(text);
  }
  return out;
}

Result<DemandSet> build_demand(Store& store, const DemandOptions& options) {
  SnapshotOptions so;
  so.as_of = options.as_of;
  so.price_history = options.prices;
  auto snapshot = build_snapshot(store, so);
  if (!snapshot) return snapshot.status();
  std::vector<std::vector<double>> closing;
  if (options.censor_stockouts) {
    auto stock = closing_stock(store, *snapshot);
    if (!stock) return stock.status();
    closing = std::move(stock).value();
  }
  return demand_from_snapshot(*snapshot, closing, options);
}

}  // namespace oiis
