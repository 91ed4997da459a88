// Operations tools: supplier lead times and fill rates, fulfilment time, open purchase orders,
// suspicious orders and price anomalies.
#include <cmath>
#include <map>

#include "agents/tools_detail.h"
#include "services/anomaly_service.h"
#include "store/store.h"

namespace oiis::agents::detail {
namespace {

using nlohmann::json;

double one_decimal(const json& v) { return v.is_number() ? std::round(v.get<double>() * 10) / 10 : 0.0; }

Result<ToolResult> supplier_performance(const json& args, ToolEnvironment& env) {
  std::vector<json> params;
  std::string filter;
  if (args.contains("supplier_id")) {
    filter = " AND s.id = ?";
    params.push_back(args["supplier_id"]);
  }
  // Lead time over received orders; fill rate over their lines (one row per supplier).
  std::string sql =
      "SELECT s.id, s.name, s.lead_time_mean_days, "
      "(SELECT avg((po.received_at - po.created_at) / 86400.0) FROM purchase_orders po WHERE "
      " po.supplier_id = s.id AND po.status = 'received' AND po.received_at IS NOT NULL), "
      "(SELECT sum(pl.received_quantity) * 100.0 / nullif(sum(pl.quantity), 0) FROM purchase_orders po "
      " JOIN purchase_order_lines pl ON pl.purchase_order_id = po.id WHERE po.supplier_id = s.id AND "
      " po.status = 'received'), "
      "(SELECT count(*) FROM purchase_orders po WHERE po.supplier_id = s.id AND po.status = 'received') "
      "FROM suppliers s WHERE 1 = 1" + filter + " ORDER BY s.id";
  auto q = run_query(env, sql, params);
  if (!q.is_ok()) return q.status();
  json rows = json::array();
  for (const auto& r : q.value().table.rows)
    rows.push_back({{"supplier_id", r[0]}, {"name", r[1]}, {"stated_lead_time_days", r[2]},
                    {"lead_time_days", r[3].is_null() ? json(nullptr) : json(one_decimal(r[3]))},
                    {"fill_rate_pct", r[4].is_null() ? json(nullptr) : json(one_decimal(r[4]))},
                    {"received_orders", r[5]}});
  ToolResult out;
  out.data = {{"suppliers", rows}};
  if (rows.empty()) out.caveats.push_back("the store has no suppliers");
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> fulfilment_time(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  static const std::string sql =
      "SELECT avg((fulfilled_at - placed_at) / 86400.0), count(*), "
      "sum(CASE WHEN fulfilled_at IS NULL THEN 1 ELSE 0 END) FROM orders WHERE placed_at >= ? AND "
      "placed_at < ?";
  auto q = run_query(env, sql, {range.value().start(), range.value().end()});
  if (!q.is_ok()) return q.status();
  const auto& r = q.value().table.rows.at(0);
  ToolResult out;
  out.data = {{"period", range.value().to_json()},
              {"mean_fulfilment_days", r[0].is_null() ? json(nullptr) : json(one_decimal(r[0]))},
              {"orders", r[1]}, {"not_fulfilled", r[2]}};
  if (r[0].is_null()) out.caveats.push_back("no order placed in this period has a fulfilment time");
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> open_purchase_orders(const json&, ToolEnvironment& env) {
  static const std::string sql =
      "SELECT po.status, count(*), min(po.created_at) FROM purchase_orders po WHERE po.status NOT IN "
      "('received', 'closed', 'cancelled') GROUP BY po.status ORDER BY po.status";
  auto q = run_query(env, sql, {});
  if (!q.is_ok()) return q.status();
  json by_status = json::object();
  std::int64_t total = 0;
  for (const auto& r : q.value().table.rows) {
    by_status[r[0].get<std::string>()] = r[1];
    total += r[1].get<std::int64_t>();
  }
  ToolResult out;
  out.data = {{"open", total}, {"by_status", by_status}};
  out.sources.push_back(q.value().source);
  return out;
}

// The forest is fitted on every order of the store: once per data version.
Result<std::shared_ptr<const services::OrderRiskScan>> cached_scan(ToolEnvironment& env) {
  static PerDataVersion<services::OrderRiskScan> scans;
  return scans.get(env, [&] { return services::scan_order_risk(*env.store); });
}

Result<ToolResult> order_risk_scan(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  std::string sql = std::string("SELECT count(*) FROM orders o WHERE o.placed_at >= ? AND o.placed_at < ? AND ") + kCounted;
  auto q = run_query(env, sql, {range.value().start(), range.value().end()});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  out.data = {{"period", range.value().to_json()}, {"orders_checked", first_value(q.value().table)}};
  out.sources.push_back(q.value().source);
  auto scan = cached_scan(env);
  if (!scan.is_ok()) {
    out.caveats.push_back("no fraud model: " + scan.status().message());
    return out;
  }
  json flagged = json::array();
  for (const auto& row : scan.value()->rows) {
    if (row.placed_at < range.value().start() || row.placed_at >= range.value().end() || !row.rules_flagged) continue;
    json rules = json::array();
    for (const auto& hit : row.rules) rules.push_back(hit.reason);
    flagged.push_back({{"order_id", row.order_id}, {"total", money(row.total)},
                       {"score", std::round(row.risk.score * 1000) / 1000}, {"reasons", rules}});
  }
  out.data["flagged"] = flagged;
  out.sources.push_back({"model", "order risk: Isolation Forest and fraud rules (two or more rules flag an order)",
                         json{{"orders_scored", scan.value()->rows.size()}}});
  return out;
}

Result<ToolResult> price_anomalies(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  auto scan = services::scan_prices(*env.store);
  if (!scan.is_ok()) return scan.status();
  json alerts = json::array();
  for (const auto& a : scan.value().alerts) {
    if (a.at < range.value().start() || a.at >= range.value().end()) continue;
    alerts.push_back({{"sku", a.sku}, {"name", a.name}, {"date", format_date(date_of(a.at))},
                      {"old_price", money(a.old_price)}, {"new_price", money(a.new_price)}});
  }
  ToolResult out;
  out.data = {{"period", range.value().to_json()}, {"price_changes_scanned", scan.value().changes},
              {"alerts", alerts}};
  if (scan.value().changes == 0) out.caveats.push_back("the store has no price history to check");
  out.sources.push_back({"model", "price anomalies: robust z-scores against the product's and category's history",
                         range.value().to_json()});
  return out;
}

}  // namespace

void add_operations_tools(ToolRegistry& r) {
  r.add({"supplier_performance", "Each supplier's measured lead time and fill rate over received purchase orders",
         schema({{"supplier_id", {{"type", "integer"}, {"minimum", 1}}}})},
        supplier_performance);
  r.add({"fulfilment_time", "Mean days from order to fulfilment for orders placed in a period",
         schema(range_properties())},
        fulfilment_time);
  r.add({"open_purchase_orders", "Purchase orders not yet received, by status", schema(json::object())},
        open_purchase_orders);
  r.add({"order_risk_scan", "Orders placed in a period, and those the fraud model and rules flag",
         schema(range_properties())},
        order_risk_scan);
  r.add({"price_anomalies", "Price changes in a period that are unusual for the product or its category",
         schema(range_properties())},
        price_anomalies);
}

}  // namespace oiis::agents::detail
