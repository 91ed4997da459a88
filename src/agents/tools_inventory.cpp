// Inventory Intelligence tools: stock, sales of a product, the reorder plan, forecasts, pricing,
// suppliers, the inventory summary, and approving a purchase-order draft (the one write).
#include <cmath>
#include <set>

#include "agents/tools_detail.h"
#include "services/forecasting_service.h"
#include "services/inventory_service.h"
#include "store/store.h"

namespace oiis::agents::detail {
namespace {

using nlohmann::json;

Result<ToolResult> stock_status(const json& args, ToolEnvironment& env) {
  Source product_source;
  auto product = product_row(env, args["sku"].get<std::string>(), &product_source);
  if (!product.is_ok()) return product.status();
  static const std::string sql =
      "SELECT count(*), coalesce(sum(on_hand), 0), coalesce(sum(reserved), 0), "
      "coalesce(sum(on_order), 0) FROM stock_levels WHERE product_id = ?";
  auto q = run_query(env, sql, {product.value()["id"]});
  if (!q.is_ok()) return q.status();
  const auto& r = q.value().table.rows.at(0);
  ToolResult out;
  out.data = {{"product", product.value()}, {"on_hand", r[1]}, {"reserved", r[2]}, {"on_order", r[3]},
              {"available", r[1].get<std::int64_t>() - r[2].get<std::int64_t>()}};
  if (r[0].get<std::int64_t>() == 0) {
    out.data["on_hand"] = nullptr;
    out.caveats.push_back("the store keeps no stock level for this product (no stock ledger): its stock is unknown, not zero");
  }
  out.sources = {product_source, q.value().source};
  return out;
}

Result<ToolResult> product_sales(const json& args, ToolEnvironment& env) {
  Source product_source;
  auto product = product_row(env, args["sku"].get<std::string>(), &product_source);
  if (!product.is_ok()) return product.status();
  int days = args.value("days", 28);
  std::string sql = std::string("SELECT coalesce(sum(l.quantity), 0), ") + kRevenue +
                    ", count(DISTINCT o.id) FROM orders o JOIN order_lines l ON l.order_id = o.id "
                    "WHERE l.product_id = ? AND o.placed_at >= ? AND o.placed_at < ? AND " + kCounted;
  Range range{env.today - days + 1, env.today};
  auto q = run_query(env, sql, {product.value()["id"], range.start(), range.end()});
  if (!q.is_ok()) return q.status();
  const auto& r = q.value().table.rows.at(0);
  ToolResult out;
  out.data = {{"product", product.value()}, {"days", days}, {"period", range.to_json()},
              {"units", r[0]}, {"revenue", money(r[1])}, {"orders", r[2]}};
  out.sources = {product_source, q.value().source};
  return out;
}

Result<ToolResult> demand_forecast(const json& args, ToolEnvironment& env) {
  services::ForecastingService forecasting(*env.store);
  services::SkuForecastQuery query;
  query.sku = args["sku"].get<std::string>();
  query.horizon = args.value("horizon_days", 28);
  auto text = forecasting.sku_forecast(query);
  if (!text.is_ok()) return text.status();
  auto f = json::parse(*text.value());
  ToolResult out;
  double total = 0, lo = 0, hi = 0;
  for (const auto& v : f.value("mean", json::array())) total += v.get<double>();
  for (const auto& v : f.value("lo80", json::array())) lo += v.get<double>();
  for (const auto& v : f.value("hi80", json::array())) hi += v.get<double>();
  out.data = {{"sku", query.sku}, {"horizon_days", query.horizon}, {"model", f.value("model", "")},
              {"expected_units", std::round(total * 10) / 10},
              {"range_80", {std::round(lo * 10) / 10, std::round(hi * 10) / 10}},
              {"data_date", f.value("data_date", "")}};
  for (const auto& c : f.value("caveats", json::array())) out.caveats.push_back(c.get<std::string>());
  out.caveats.push_back("the 80% range is the sum of the daily bands, wider than the true band of the total");
  out.sources.push_back({"model", "demand forecast (" + f.value("model", std::string("?")) + "), data to " +
                                      f.value("data_date", std::string("?")),
                         json{{"sku", query.sku}, {"horizon_days", query.horizon}}});
  return out;
}

// The plan depends only on the data: one per data version, shared by every question.
Result<std::shared_ptr<const services::ReorderReport>> cached_plan(ToolEnvironment& env) {
  static PerDataVersion<services::ReorderReport> plans;
  return plans.get(env, [&] { return services::reorder_plan(*env.store, services::InventoryOptions{}); });
}

// Out of stock means a stock record at or below zero; a product the store keeps no stock
// record for is counted apart, and a store with no stock records at all has unknown stock-outs.
Result<ToolResult> reorder_plan(const json& args, ToolEnvironment& env) {
  std::vector<json> params;
  std::string filter;
  if (args.contains("category")) {
    filter = " AND p.category = ?";
    params.push_back(args["category"]);
  }
  std::string sql =
      "SELECT sum(CASE WHEN (SELECT sum(s.on_hand) FROM stock_levels s WHERE s.product_id = p.id) <= 0 "
      "THEN 1 ELSE 0 END), sum(CASE WHEN NOT EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = p.id) "
      "THEN 1 ELSE 0 END), count(*) FROM products p WHERE p.active = 1" + filter;
  auto q = run_query(env, sql, params);
  if (!q.is_ok()) return q.status();
  ToolResult out;
  const auto& row = q.value().table.rows.at(0);
  auto untracked = row[1].is_null() ? 0 : row[1].get<std::int64_t>();
  auto active = row[2].get<std::int64_t>();
  out.data["out_of_stock"] = untracked == active && active > 0 ? json(nullptr) : json(row[0].is_null() ? 0 : row[0].get<std::int64_t>());
  out.data["without_stock_record"] = untracked;
  if (untracked == active && active > 0)
    out.caveats.push_back("the store keeps no stock levels (no stock ledger): which products are out of stock is unknown");
  else if (untracked > 0)
    out.caveats.push_back(std::to_string(untracked) + " active products have no stock record: their stock is unknown, not counted as out of stock");
  out.sources.push_back(q.value().source);
  auto report = cached_plan(env);
  if (!report.is_ok()) {
    out.caveats.push_back("no reorder plan: " + report.status().message());
    return out;
  }
  const auto& plan = report.value()->plan;
  json lines = json::array();
  std::set<std::string> in_category;
  if (args.contains("category")) {
    auto skus = run_query(env, "SELECT sku FROM products WHERE category = ?", {args["category"]});
    if (!skus.is_ok()) return skus.status();
    for (const auto& row : skus.value().table.rows) in_category.insert(row[0].get<std::string>());
  }
  for (const auto& l : plan.lines) {
    if (args.contains("category") && !in_category.count(l.sku)) continue;
    lines.push_back({{"sku", l.sku}, {"name", l.name}, {"supplier", l.supplier_name},
                     {"on_hand", l.on_hand}, {"on_order", l.on_order}, {"quantity", l.quantity},
                     {"order_by", format_date(l.order_by)},
                     {"stockout_date", l.stockout_date ? json(format_date(*l.stockout_date)) : json(nullptr)},
                     {"cost", money(l.cost)}, {"reason", l.reason}});
  }
  out.data["lines"] = lines;
  out.data["plan_date"] = format_date(plan.date);
  out.data["total_cost"] = money(plan.total_cost);
  out.data["products_reviewed"] = plan.products_reviewed;
  for (const auto& c : services::plan_caveats(plan)) out.caveats.push_back(c);
  out.sources.push_back({"model", std::string("reorder plan ") + report.value()->provenance.model_version +
                                      " (forecast " + report.value()->forecast_method + ")",
                         report.value()->provenance.parameters});
  return out;
}

Result<ToolResult> pricing_advice(const json& args, ToolEnvironment& env) {
  json sales_args = {{"sku", args["sku"]}, {"days", 90}};
  auto sales = product_sales(sales_args, env);
  if (!sales.is_ok()) return sales.status();
  ToolResult out = std::move(sales).value();
  const auto& p = out.data["product"];
  double price = p["price"].get<double>(), cost = p["cost"].get<double>();
  out.data["price"] = money(price);
  out.data["cost"] = money(cost);
  out.data["margin_pct"] = price > 0 ? json(std::round((price - cost) / price * 1000) / 10) : json(nullptr);
  auto report = services::pricing_report(*env.store, services::InventoryOptions{});
  if (!report.is_ok()) {
    out.caveats.push_back("no price model: " + report.status().message());
    return out;
  }
  for (const auto& row : report.value().rows) {
    if (row.sku != args["sku"].get<std::string>()) continue;
    out.data["elasticity"] = std::round(row.elasticity * 100) / 100;
    if (row.missing.empty()) {
      out.data["recommended_price"] = money(row.suggestion.recommended_price);
      out.data["recommendation"] = row.suggestion.reason;
      if (row.suggestion.markdown) out.data["markdown_price"] = money(row.suggestion.markdown_price);
    }
    for (const auto& m : row.missing) out.caveats.push_back("no price recommendation: " + m);
  }
  out.sources.push_back({"model", std::string("pricing ") + report.value().provenance.model_version,
                         report.value().provenance.parameters});
  return out;
}

Result<ToolResult> product_supplier(const json& args, ToolEnvironment& env) {
  Source product_source;
  auto product = product_row(env, args["sku"].get<std::string>(), &product_source);
  if (!product.is_ok()) return product.status();
  ToolResult out;
  out.data["product"] = product.value();
  out.sources.push_back(product_source);
  if (product.value()["supplier_id"].is_null()) {
    out.caveats.push_back("the store names no supplier for this product");
    return out;
  }
  static const std::string sql =
      "SELECT s.name, s.lead_time_mean_days, s.min_order_qty, count(po.id), "
      "avg(CASE WHEN po.received_at IS NOT NULL THEN (po.received_at - po.created_at) / 86400.0 END) "
      "FROM suppliers s LEFT JOIN purchase_orders po ON po.supplier_id = s.id WHERE s.id = ? "
      "GROUP BY s.id, s.name, s.lead_time_mean_days, s.min_order_qty";
  auto q = run_query(env, sql, {product.value()["supplier_id"]});
  if (!q.is_ok()) return q.status();
  const auto& r = q.value().table.rows.at(0);
  out.data["supplier"] = {{"id", product.value()["supplier_id"]}, {"name", r[0]},
                          {"stated_lead_time_days", r[1]}, {"min_order_qty", r[2]},
                          {"purchase_orders", r[3]},
                          {"measured_lead_time_days", r[4].is_null() ? json(nullptr) : json(std::round(r[4].get<double>() * 10) / 10)}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> inventory_summary(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  static const std::string stock_sql =
      "SELECT coalesce(sum(s.on_hand * p.cost), 0), (SELECT count(*) FROM products WHERE active = 1), "
      "(SELECT count(*) FROM products p2 WHERE p2.active = 1 AND coalesce((SELECT sum(s2.on_hand) "
      "FROM stock_levels s2 WHERE s2.product_id = p2.id), 0) <= 0), count(s.product_id) "
      "FROM stock_levels s JOIN products p ON p.id = s.product_id WHERE p.active = 1";
  auto stock = run_query(env, stock_sql, {});
  if (!stock.is_ok()) return stock.status();
  std::string sales_sql = std::string("SELECT coalesce(sum(l.quantity), 0), ") + kRevenue +
                          " FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE "
                          "o.placed_at >= ? AND o.placed_at < ? AND " + kCounted;
  auto sales = run_query(env, sales_sql, {range.value().start(), range.value().end()});
  if (!sales.is_ok()) return sales.status();
  const auto& s = stock.value().table.rows.at(0);
  const auto& u = sales.value().table.rows.at(0);
  ToolResult out;
  out.data = {{"inventory_value_at_cost", money(s[0])}, {"active_products", s[1]},
              {"out_of_stock", s[2]}, {"sales_period", range.value().to_json()},
              {"units_sold", u[0]}, {"revenue", money(u[1])}};
  if (s[3].get<std::int64_t>() == 0) {
    out.data["inventory_value_at_cost"] = nullptr;
    out.data["out_of_stock"] = nullptr;
    out.caveats.push_back("the store keeps no stock levels (no stock ledger): inventory value and stock-outs are unknown, not zero");
  }
  out.sources = {stock.value().source, sales.value().source};
  return out;
}

Result<ToolResult> purchase_order(const json& args, ToolEnvironment& env) {
  static const std::string sql =
      "SELECT po.id, po.status, s.name, count(l.id), coalesce(sum(l.quantity), 0), "
      "coalesce(sum(l.quantity * l.unit_cost), 0) FROM purchase_orders po JOIN suppliers s ON s.id = "
      "po.supplier_id LEFT JOIN purchase_order_lines l ON l.purchase_order_id = po.id WHERE po.id = ? "
      "GROUP BY po.id, po.status, s.name";
  auto q = run_query(env, sql, {args["purchase_order_id"]});
  if (!q.is_ok()) return q.status();
  if (q.value().table.rows.empty())
    return not_found("no purchase order " + args["purchase_order_id"].dump(), "args.purchase_order_id");
  const auto& r = q.value().table.rows[0];
  ToolResult out;
  out.data = {{"purchase_order_id", r[0]}, {"status", r[1]}, {"supplier", r[2]}, {"lines", r[3]},
              {"units", r[4]}, {"cost", money(r[5])}};
  out.sources.push_back(q.value().source);
  // Its lines, so that what an approval writes is shown by SKU and name, not as a total.
  static const std::string lines_sql =
      "SELECT p.sku, p.name, l.quantity, l.unit_cost, l.quantity * l.unit_cost, l.id FROM purchase_order_lines l "
      "JOIN products p ON p.id = l.product_id WHERE l.purchase_order_id = ? ORDER BY l.id LIMIT 50";
  auto items = run_query(env, lines_sql, {args["purchase_order_id"]});
  if (!items.is_ok()) return items.status();
  json rows = json::array();
  for (const auto& line : items.value().table.rows)
    rows.push_back({{"sku", line[0]}, {"name", line[1]}, {"quantity", line[2]}, {"unit_cost", money(line[3])},
                    {"cost", money(line[4])}, {"line_id", line[5]}});
  out.data["items"] = std::move(rows);
  out.sources.push_back(items.value().source);
  return out;
}

// With "lines" ([{id, quantity}], a person's edits at the approval), the draft's lines are
// changed first.
Result<ToolResult> approve_purchase_order(const json& args, ToolEnvironment& env) {
  std::vector<PurchaseOrderLineChange> changes;
  for (const auto& l : args.value("lines", json::array()))
    changes.push_back({l["id"].get<Id>(), l["quantity"].get<Quantity>()});
  auto po = services::approve_purchase_order(*env.store, args["purchase_order_id"].get<Id>(), changes);
  if (!po.is_ok()) return po.status();
  ToolResult out;
  Quantity units = 0;
  for (const auto& l : po.value().lines) units += l.quantity;
  out.data = {{"purchase_order_id", po.value().id}, {"status", "ordered"}, {"lines", po.value().lines.size()},
              {"units", units}};
  out.sources.push_back({"service", "inventory: approve purchase order", args});
  return out;
}

}  // namespace

void add_inventory_tools(ToolRegistry& r) {
  json sku = {{"type", "string"}, {"minLength", 1}, {"description", "the product's SKU"}};
  r.add({"stock_status", "A product's stock over all locations: on hand, reserved, on order",
         schema({{"sku", sku}}, {"sku"})},
        stock_status);
  r.add({"product_sales", "Units, revenue and orders of a product over the last N days",
         schema({{"sku", sku}, {"days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 3660}}}}, {"sku"})},
        product_sales);
  r.add({"demand_forecast", "A product's demand forecast over the next N days, with its model and 80% range",
         schema({{"sku", sku}, {"horizon_days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 366}}}}, {"sku"})},
        demand_forecast);
  r.add({"reorder_plan", "What to reorder now (quantities, order-by dates, suppliers, costs) and how many products are out of stock",
         schema({{"category", {{"type", "string"}}}})},
        reorder_plan);
  r.add({"pricing_advice", "A product's price, cost, margin, recent sales, elasticity and recommended price",
         schema({{"sku", sku}}, {"sku"})},
        pricing_advice);
  r.add({"product_supplier", "Who supplies a product, with stated and measured lead times",
         schema({{"sku", sku}}, {"sku"})},
        product_supplier);
  json period = range_properties();
  r.add({"inventory_summary", "Inventory value at cost, active products, stock-outs, and units sold in a period",
         schema(period)},
        inventory_summary);
  r.add({"purchase_order", "A purchase order's status, supplier, lines, units and cost",
         schema({{"purchase_order_id", {{"type", "integer"}, {"minimum", 1}}}}, {"purchase_order_id"})},
        purchase_order);
  r.add({"approve_purchase_order", "Approves a draft purchase order so that it is sent (a write: needs approval)",
         schema({{"purchase_order_id", {{"type", "integer"}, {"minimum", 1}}},
                 {"lines", {{"type", "array"},
                            {"description", "a person's changes before approving: new quantities by line id, 0 drops a line"},
                            {"items", schema({{"id", {{"type", "integer"}, {"minimum", 1}}},
                                              {"quantity", {{"type", "integer"}, {"minimum", 0}}}},
                                             {"id", "quantity"})}}}},
                {"purchase_order_id"}),
         true},
        approve_purchase_order);
}

}  // namespace oiis::agents::detail
