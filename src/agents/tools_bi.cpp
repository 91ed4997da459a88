// Business Intelligence tools: sales figures by period, months, products, categories, order
// statuses, and the read-only SQL layer itself.
#include <cmath>
#include <map>

#include "agents/tools_detail.h"

namespace oiis::agents::detail {
namespace {

using nlohmann::json;

std::string category_filter(const json& args, std::vector<json>& params) {
  if (!args.contains("category")) return "";
  params.push_back(args["category"]);
  return " AND l.product_id IN (SELECT id FROM products WHERE category = ?)";
}

Result<ToolResult> sales_summary(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  std::vector<json> params{range.value().start(), range.value().end()};
  std::string filter = category_filter(args, params);
  std::string sql = std::string("SELECT ") + kRevenue +
                    ", count(DISTINCT o.id), coalesce(sum(l.quantity), 0) FROM orders o JOIN "
                    "order_lines l ON l.order_id = o.id WHERE o.placed_at >= ? AND o.placed_at < ? AND " +
                    kCounted + filter;
  auto q = run_query(env, sql, params);
  if (!q.is_ok()) return q.status();
  const auto& row = q.value().table.rows.at(0);
  double revenue = money(row[0]);
  auto orders = row[1].get<std::int64_t>();
  ToolResult out;
  out.data = {{"period", range.value().to_json()},
              {"revenue", revenue},
              {"orders", orders},
              {"units", row[2]},
              {"aov", orders ? json(std::round(revenue / static_cast<double>(orders) * 100) / 100) : json(nullptr)}};
  if (args.contains("category")) out.data["category"] = args["category"];
  out.sources.push_back(q.value().source);
  return out;
}

// Per day in SQL (integer division works on both backends), per month here.
Result<ToolResult> revenue_by_month(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  std::string sql = std::string("SELECT o.placed_at / 86400 AS day, ") + kRevenue +
                    " AS revenue, count(DISTINCT o.id) AS orders FROM orders o JOIN "
                    "order_lines l ON l.order_id = o.id WHERE o.placed_at >= ? AND o.placed_at < ? AND " +
                    kCounted + " GROUP BY day ORDER BY day";
  auto q = run_query(env, sql, {range.value().start(), range.value().end()});
  if (!q.is_ok()) return q.status();
  std::map<std::string, std::pair<double, std::int64_t>> by_month;
  for (Date d = range.value().first; d <= range.value().last; ++d) by_month[format_date(d).substr(0, 7)];
  for (const auto& r : q.value().table.rows) {
    auto& m = by_month[format_date(static_cast<Date>(r[0].get<std::int64_t>())).substr(0, 7)];
    m.first += r[1].get<double>();
    m.second += r[2].get<std::int64_t>();
  }
  json months = json::array();
  for (const auto& [month, v] : by_month)
    months.push_back({{"month", month}, {"revenue", money(v.first)}, {"orders", v.second}});
  ToolResult out;
  out.data = {{"period", range.value().to_json()}, {"months", months}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> top_products(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  bool by_units = args.value("by", "revenue") == "units";
  std::vector<json> params{range.value().start(), range.value().end()};
  std::string filter = category_filter(args, params);
  params.push_back(args.value("limit", 5));
  std::string sql = std::string("SELECT p.sku, p.name, p.category, ") + kRevenue +
                    " AS revenue, sum(l.quantity) AS units FROM orders o JOIN order_lines l ON "
                    "l.order_id = o.id JOIN products p ON p.id = l.product_id WHERE o.placed_at >= ? "
                    "AND o.placed_at < ? AND " + kCounted + filter + " GROUP BY p.id ORDER BY " +
                    (by_units ? "units" : "revenue") + " DESC, p.name LIMIT ?";
  auto q = run_query(env, sql, params);
  if (!q.is_ok()) return q.status();
  ToolResult out;
  json rows = json::array();
  for (const auto& r : q.value().table.rows)
    rows.push_back({{"sku", r[0]}, {"name", r[1]}, {"category", r[2]}, {"revenue", money(r[3])}, {"units", r[4]}});
  out.data = {{"period", range.value().to_json()}, {"by", by_units ? "units" : "revenue"}, {"products", rows}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> top_categories(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  std::string sql = std::string("SELECT p.category, ") + kRevenue +
                    " AS revenue, sum(l.quantity) AS units FROM orders o JOIN order_lines l ON "
                    "l.order_id = o.id JOIN products p ON p.id = l.product_id WHERE o.placed_at >= ? "
                    "AND o.placed_at < ? AND " + kCounted +
                    " GROUP BY p.category ORDER BY revenue DESC, p.category";
  auto q = run_query(env, sql, {range.value().start(), range.value().end()});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  json rows = json::array();
  for (const auto& r : q.value().table.rows)
    rows.push_back({{"category", r[0]}, {"revenue", money(r[1])}, {"units", r[2]}});
  out.data = {{"period", range.value().to_json()}, {"categories", rows}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> order_status_counts(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  static const std::string sql =
      "SELECT status, count(*) FROM orders WHERE placed_at >= ? AND placed_at < ? GROUP BY status "
      "ORDER BY status";
  auto q = run_query(env, sql, {range.value().start(), range.value().end()});
  if (!q.is_ok()) return q.status();
  json counts = {{"returned", 0}, {"cancelled", 0}};
  std::int64_t total = 0;
  for (const auto& r : q.value().table.rows) {
    counts[r[0].get<std::string>()] = r[1];
    total += r[1].get<std::int64_t>();
  }
  ToolResult out;
  out.data = {{"period", range.value().to_json()}, {"by_status", counts}, {"orders_placed", total}};
  out.caveats.push_back("returns and cancellations are counted by the day the order was placed: the store keeps no return date");
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> sql_query(const json& args, ToolEnvironment& env) {
  auto q = run_query(env, args["sql"].get<std::string>(), {});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  out.data = {{"columns", q.value().table.columns}, {"rows", q.value().table.rows},
              {"truncated", q.value().table.truncated}};
  out.sources.push_back(q.value().source);
  return out;
}

}  // namespace

void add_bi_tools(ToolRegistry& r) {
  json period = range_properties();
  json with_category = period;
  with_category["category"] = {{"type", "string"}, {"description", "only this product category"}};
  r.add({"sales_summary", "Revenue, orders, units and average order value in a period (cancelled and returned orders left out)",
         schema(with_category)},
        sales_summary);
  r.add({"revenue_by_month", "Revenue and orders per calendar month in a period", schema(period)},
        revenue_by_month);
  json top = with_category;
  top["by"] = {{"type", "string"}, {"enum", {"revenue", "units"}}};
  top["limit"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}};
  r.add({"top_products", "Best-selling products in a period, by revenue or units", schema(top)},
        top_products);
  r.add({"top_categories", "Revenue and units per product category in a period", schema(period)},
        top_categories);
  r.add({"order_status_counts", "Orders placed in a period by status (returned, cancelled, delivered, ...)",
         schema(period)},
        order_status_counts);
  r.add({"sql_query",
         "Runs one read-only SELECT over the business tables (products, suppliers, customers, "
         "locations, orders, order_lines, stock_levels, stock_movements, price_changes, "
         "purchase_orders, purchase_order_lines); checked against the schema and cost-limited; "
         "timestamps are unix seconds",
         schema({{"sql", {{"type", "string"}, {"minLength", 1}, {"maxLength", 20000}}}}, {"sql"})},
        sql_query);
}

}  // namespace oiis::agents::detail
