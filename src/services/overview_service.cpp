#include "services/overview_service.h"

#include <cmath>
#include <map>
#include <unordered_map>
#include <vector>

#include "data/import_support.h"
#include "store/alert_tables.h"

namespace oiis::services {
namespace {

constexpr Timestamp kOverviewDay = 86400;

// Per day of the whole span read: what the flow figures are summed from.
struct DayTotals {
  double revenue = 0, units = 0, cost_of_goods = 0;
  long orders = 0, fulfilled = 0, cancelled = 0;
};

struct Window {
  Date from = 0, to = 0;  // inclusive days
  Json json() const { return {{"from", format_date(from)}, {"to", format_date(to)}}; }
};

struct Flows {
  bool known = false;  // the history covers the whole window
  double revenue = 0, units = 0, cost_of_goods = 0;
  long orders = 0, fulfilled = 0, cancelled = 0;
};

struct Ledger {
  Date first_day = 0;  // the first order's day
  std::map<Date, DayTotals> days;
  bool any_cancelled = false;
  double units_without_cost = 0, units_sold = 0;
};

Result<int> period_days(const std::string& period) {
  if (period == "week") return 7;
  if (period == "month") return 30;
  if (period == "quarter") return 91;
  if (period == "year") return 364;
  return invalid_argument("period must be week, month, quarter or year", "period");
}

Result<std::unordered_map<Id, double>> unit_costs(Store& store) {
  std::unordered_map<Id, double> costs;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_products({}, p); },
      [&](const Product& p) { costs[p.id] = p.cost; }));
  return costs;
}

Status read_orders(Store& store, Date from, Date to, const std::unordered_map<Id, double>& costs, Ledger& ledger) {
  OrderFilter f;
  f.placed_from = static_cast<Timestamp>(from) * kOverviewDay;
  f.placed_to = static_cast<Timestamp>(to + 1) * kOverviewDay;
  return store.scan_orders(f, [&](const Order& o) {
    DayTotals& day = ledger.days[date_of(o.placed_at)];
    if (o.status == OrderStatus::kCancelled) {
      ++day.cancelled;
      ledger.any_cancelled = true;
      return true;
    }
    if (o.fulfilled_at) ++day.fulfilled;
    if (o.status == OrderStatus::kReturned) return true;
    ++day.orders;
    for (const auto& l : o.lines) {
      day.revenue += l.line_total();
      day.units += static_cast<double>(l.quantity);
      auto cost = costs.find(l.product_id);
      if (cost != costs.end() && cost->second > 0)
        day.cost_of_goods += static_cast<double>(l.quantity) * cost->second;
      else
        ledger.units_without_cost += static_cast<double>(l.quantity);
      ledger.units_sold += static_cast<double>(l.quantity);
    }
    return true;
  });
}

Flows sum_window(const Ledger& ledger, const Window& w) {
  Flows f;
  f.known = w.from >= ledger.first_day;
  for (auto it = ledger.days.lower_bound(w.from); it != ledger.days.end() && it->first <= w.to; ++it) {
    f.revenue += it->second.revenue;
    f.units += it->second.units;
    f.cost_of_goods += it->second.cost_of_goods;
    f.orders += it->second.orders;
    f.fulfilled += it->second.fulfilled;
    f.cancelled += it->second.cancelled;
  }
  return f;
}

Json rounded(double v, int decimals = 2) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

// A flow figure in the three windows, null where the history does not reach.
Json flow_kpi(const char* key, const char* label, const char* unit, const std::vector<Flows>& windows,
              Json (*value)(const Flows&)) {
  Json kpi = {{"key", key}, {"label", label}, {"unit", unit}, {"point_in_time", false}, {"missing", nullptr}};
  const char* names[] = {"value", "previous", "last_year"};
  for (std::size_t i = 0; i < 3; ++i) kpi[names[i]] = windows[i].known ? value(windows[i]) : Json(nullptr);
  return kpi;
}

Json spark(const Ledger& ledger, const Window& w, Json (*value)(const DayTotals&)) {
  Json out = Json::array();
  for (Date d = w.from; d <= w.to; ++d) {
    auto it = ledger.days.find(d);
    out.push_back({{"day", format_date(d)}, {"value", value(it == ledger.days.end() ? DayTotals{} : it->second)}});
  }
  return out;
}

// Inventory value at cost, stock-outs and the cost known: from the current stock levels.
struct StockFigures {
  bool recorded = false;
  double value_at_cost = 0;
  long products_out = 0, products_stocked = 0, products_without_cost = 0;
};

Result<StockFigures> stock_figures(Store& store, const std::unordered_map<Id, double>& costs) {
  std::unordered_map<Id, Quantity> on_hand, available;
  OIIS_RETURN_IF_ERROR(import_detail::for_each_page(
      [&](const PageRequest& p) { return store.list_stock({}, p); },
      [&](const StockLevel& s) {
        on_hand[s.product_id] += s.on_hand;
        available[s.product_id] += s.available();
      }));
  StockFigures f;
  f.recorded = !on_hand.empty();
  for (const auto& [product, units] : on_hand) {
    ++f.products_stocked;
    if (available[product] <= 0) ++f.products_out;
    auto cost = costs.find(product);
    if (cost == costs.end() || cost->second <= 0) {
      ++f.products_without_cost;
      continue;
    }
    f.value_at_cost += static_cast<double>(std::max<Quantity>(units, 0)) * cost->second;
  }
  return f;
}

Json point_kpi(const char* key, const char* label, const char* unit, Json value, Json missing) {
  return {{"key", key}, {"label", label}, {"unit", unit}, {"point_in_time", true}, {"value", std::move(value)},
          {"previous", nullptr}, {"last_year", nullptr}, {"spark", Json::array()}, {"missing", std::move(missing)}};
}

}  // namespace

namespace {

struct OverviewParts {
  Window windows[3];
  std::vector<Flows> flows;
  Ledger ledger;
  int days = 0;
};

Json flow_kpis(const OverviewParts& p) {
  const Window& now = p.windows[0];
  Json revenue = flow_kpi("revenue", "Revenue", "money", p.flows, [](const Flows& f) { return rounded(f.revenue); });
  revenue["spark"] = spark(p.ledger, now, [](const DayTotals& d) { return rounded(d.revenue); });
  Json orders = flow_kpi("orders", "Orders", "count", p.flows, [](const Flows& f) { return Json(f.orders); });
  orders["spark"] = spark(p.ledger, now, [](const DayTotals& d) { return Json(d.orders); });
  Json aov = flow_kpi("average_order_value", "Average order value", "money", p.flows, [](const Flows& f) {
    return f.orders ? rounded(f.revenue / static_cast<double>(f.orders)) : Json(nullptr);
  });
  aov["spark"] = spark(p.ledger, now, [](const DayTotals& d) {
    return d.orders ? rounded(d.revenue / static_cast<double>(d.orders)) : Json(nullptr);
  });
  Json units = flow_kpi("units", "Units sold", "count", p.flows, [](const Flows& f) { return rounded(f.units, 0); });
  units["spark"] = spark(p.ledger, now, [](const DayTotals& d) { return rounded(d.units, 0); });
  // Orders shipped or delivered, of those placed in the window that are no longer open.
  Json fill = flow_kpi("fill_rate", "Order fill rate", "ratio", p.flows, [](const Flows& f) {
    const long closed = f.fulfilled + f.cancelled;
    return closed ? rounded(static_cast<double>(f.fulfilled) / static_cast<double>(closed), 4) : Json(nullptr);
  });
  fill["spark"] = spark(p.ledger, now, [](const DayTotals& d) {
    const long closed = d.fulfilled + d.cancelled;
    return closed ? rounded(static_cast<double>(d.fulfilled) / static_cast<double>(closed), 4) : Json(nullptr);
  });
  if (!p.ledger.any_cancelled) {  // every order "filled" says nothing: unknown, not 100%
    fill["missing"] = "the store records no cancelled orders, so unfilled orders cannot show";
    for (const char* k : {"value", "previous", "last_year"}) fill[k] = nullptr;
    fill["spark"] = Json::array();
  }
  return Json::array({revenue, orders, aov, units, fill});
}

Json stock_kpis(Store& store, const OverviewParts& p, const StockFigures& stock, Json& caveats) {
  Json kpis = Json::array();
  const bool no_cost = stock.recorded && stock.products_without_cost == stock.products_stocked;
  Json missing_value = !stock.recorded ? Json("the store holds no stock levels (no stock ledger)")
                       : no_cost       ? Json("no product has a unit cost")
                                       : Json(nullptr);
  kpis.push_back(point_kpi("inventory_value", "Inventory value (at cost)", "money",
                           missing_value.is_null() ? rounded(stock.value_at_cost) : Json(nullptr), missing_value));
  if (missing_value.is_null() && stock.products_without_cost > 0)
    caveats.push_back(std::to_string(stock.products_without_cost) + " of " + std::to_string(stock.products_stocked) +
                      " stocked products have no unit cost and are left out of inventory value and turnover");
  // Cost of goods sold over the window, per year, over the inventory at cost.
  Json turnover = nullptr;
  if (missing_value.is_null() && stock.value_at_cost > 0 && p.flows[0].known)
    turnover = rounded(p.flows[0].cost_of_goods * 364.0 / p.days / stock.value_at_cost, 1);
  kpis.push_back(point_kpi("turnover", "Inventory turnover (per year)", "per_year", turnover,
                           turnover.is_null() ? (missing_value.is_null() ? Json("no inventory at cost") : missing_value)
                                              : Json(nullptr)));
  kpis.push_back(point_kpi("stockouts", "Products out of stock", "count",
                           stock.recorded ? Json(stock.products_out) : Json(nullptr),
                           stock.recorded ? Json(nullptr) : Json("the store holds no stock levels (no stock ledger)")));
  auto counts = store.alerts().counts({});
  kpis.push_back(point_kpi("open_alerts", "Open alerts", "count", counts ? Json((*counts)["open"]) : Json(nullptr),
                           counts ? Json(nullptr) : Json("alerts could not be read: " + counts.status().message())));
  return kpis;
}

}  // namespace

Result<Json> business_overview(Store& store, const OverviewOptions& options) {
  auto days = period_days(options.period);
  if (!days) return days.status();
  auto stats = store.stats();
  if (!stats) return stats.status();
  if (!stats->last_order_at || !stats->first_order_at)
    return failed_precondition("the store holds no orders yet");
  OverviewParts p;
  p.days = *days;
  const Date as_of = options.as_of.value_or(date_of(*stats->last_order_at));
  p.windows[0] = {as_of - p.days + 1, as_of};
  p.windows[1] = {as_of - 2 * p.days + 1, as_of - p.days};
  p.windows[2] = {p.windows[0].from - 364, p.windows[0].to - 364};
  auto costs = unit_costs(store);
  if (!costs) return costs.status();
  p.ledger.first_day = date_of(*stats->first_order_at);
  OIIS_RETURN_IF_ERROR(read_orders(store, std::min(p.windows[1].from, p.windows[2].from), as_of, *costs, p.ledger));
  for (const Window& w : p.windows) p.flows.push_back(sum_window(p.ledger, w));
  auto stock = stock_figures(store, *costs);
  if (!stock) return stock.status();
  Json caveats = Json::array();
  Json kpis = flow_kpis(p);
  for (auto& k : stock_kpis(store, p, *stock, caveats)) kpis.push_back(std::move(k));
  if (!p.flows[2].known)
    caveats.push_back("the history starts on " + format_date(p.ledger.first_day) + ": no comparison with last year");
  if (options.as_of && as_of < date_of(*stats->last_order_at))
    caveats.push_back("inventory value, turnover, stock-outs and open alerts are as of now, not as of " +
                      format_date(as_of));
  if (p.ledger.units_sold > 0 && p.ledger.units_without_cost > 0)
    caveats.push_back(std::to_string(static_cast<long>(std::round(100 * p.ledger.units_without_cost / p.ledger.units_sold))) +
                      "% of units sold have no unit cost: turnover counts only the rest");
  return Json{{"as_of", format_date(as_of)},      {"period", options.period},
              {"days", p.days},                   {"current", p.windows[0].json()},
              {"previous", p.windows[1].json()},  {"last_year", p.windows[2].json()},
              {"kpis", std::move(kpis)},          {"caveats", std::move(caveats)}};
}

}  // namespace oiis::services
