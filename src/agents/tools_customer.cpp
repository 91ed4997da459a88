// Customer Success tools: lapsed customers and the churn model's risk list, best customers,
// segments, a customer's profile and recommendations.
#include <cmath>

#include "agents/tools_detail.h"
#include "services/customer_analytics_service.h"
#include "services/recommend_service.h"

namespace oiis::agents::detail {
namespace {

using nlohmann::json;

std::string customer_orders_sql() {
  return std::string("SELECT count(DISTINCT o.id), ") + kRevenue +
         ", max(o.placed_at) FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE "
         "o.customer_id = ? AND " + kCounted;
}

Result<ToolResult> lapsed_customers(const json& args, ToolEnvironment& env) {
  int window = args.value("window_days", 90);
  // Bought in the window before the last one, and not in the last one.
  std::string sql = std::string(
      "SELECT count(*) FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id "
      "AND o.placed_at >= ? AND o.placed_at < ? AND ") + kCounted +
      ") AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.placed_at >= ? AND " +
      kCounted + ")";
  Range before{env.today - 2 * window + 1, env.today - window};
  Timestamp recent_start = timestamp_of(env.today - window + 1);
  auto q = run_query(env, sql, {before.start(), before.end(), recent_start});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  out.data = {{"lapsed", first_value(q.value().table)}, {"window_days", window},
              {"bought_between", before.to_json()},
              {"not_since", format_date(env.today - window + 1)}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> churn_risk(const json& args, ToolEnvironment& env) {
  ToolResult out;
  if (!env.analytics) return failed_precondition("customer analytics are not available here");
  auto churn = env.analytics->churn(services::AnalyticsQuery{});
  if (!churn.is_ok()) return churn.status();
  const auto& result = churn.value()->churn;
  int top = args.value("top", 10);
  json rows = json::array();
  for (const auto& c : result.customers) {
    if (static_cast<int>(rows.size()) >= top) break;
    json drivers = json::array();
    for (size_t i = 0; i < c.drivers.size() && i < 3; ++i) drivers.push_back(c.drivers[i].feature);
    rows.push_back({{"customer", c.customer}, {"churn_probability", std::round(c.churn_probability * 1000) / 1000},
                    {"days_since_last_purchase", c.recency_days}, {"spend", money(c.spend)},
                    {"drivers", drivers}});
  }
  out.data = {{"as_of", format_date(result.as_of)}, {"window_days", result.window_days},
              {"validation_auc", std::round(result.evaluation.auc * 1000) / 1000},
              {"customers", rows}, {"scored", result.customers.size()}};
  out.sources.push_back({"model", "churn model (XGBoost, calibrated), validation AUC " +
                                      std::to_string(result.evaluation.auc).substr(0, 5),
                         json{{"as_of", format_date(result.as_of)}, {"window_days", result.window_days}}});
  return out;
}

Result<ToolResult> top_customers(const json& args, ToolEnvironment& env) {
  auto range = range_of(args, env);
  if (!range.is_ok()) return range.status();
  std::string sql = std::string("SELECT c.external_id, c.name, ") + kRevenue +
                    " AS revenue, count(DISTINCT o.id) FROM orders o JOIN order_lines l ON l.order_id = o.id "
                    "JOIN customers c ON c.id = o.customer_id WHERE o.placed_at >= ? AND o.placed_at < ? AND " +
                    kCounted + " GROUP BY c.id, c.external_id, c.name ORDER BY revenue DESC, c.id LIMIT ?";
  auto q = run_query(env, sql, {range.value().start(), range.value().end(), args.value("limit", 5)});
  if (!q.is_ok()) return q.status();
  json rows = json::array();
  for (const auto& r : q.value().table.rows)
    rows.push_back({{"customer", r[0]}, {"name", r[1]}, {"revenue", money(r[2])}, {"orders", r[3]}});
  ToolResult out;
  out.data = {{"period", range.value().to_json()}, {"customers", rows}};
  out.sources.push_back(q.value().source);
  return out;
}

Result<ToolResult> customer_segments(const json&, ToolEnvironment& env) {
  std::string sql = std::string("SELECT count(DISTINCT o.customer_id) FROM orders o WHERE o.customer_id IS NOT NULL AND ") +
                    kCounted;
  auto q = run_query(env, sql, {});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  out.data["customers_with_orders"] = first_value(q.value().table);
  out.sources.push_back(q.value().source);
  if (!env.analytics) return out;
  auto seg = env.analytics->segments(services::AnalyticsQuery{});
  if (!seg.is_ok()) {
    out.caveats.push_back("no segments: " + seg.status().message());
    return out;
  }
  const auto& report = seg.value()->report;
  json rows = json::array();
  for (size_t s = 0; s < report.segmentation.segments.size(); ++s) {
    const auto& p = report.segmentation.segments[s];
    rows.push_back({{"segment", p.name}, {"customers", p.size},
                    {"share_pct", std::round(p.share * 1000) / 10},
                    {"revenue", s < report.segment_revenue.size() ? money(report.segment_revenue[s]) : 0.0}});
  }
  out.data["segments"] = rows;
  out.data["silhouette"] = std::round(report.segmentation.silhouette * 1000) / 1000;
  for (const auto& c : report.caveats) out.caveats.push_back(c);
  out.sources.push_back({"model", "K-Means segments (k by silhouette)", json{{"k", report.segmentation.k}}});
  return out;
}

Result<ToolResult> customer_profile(const json& args, ToolEnvironment& env) {
  auto customer = customer_row(env, args["customer"].get<std::string>());
  if (!customer.is_ok()) return customer.status();
  auto q = run_query(env, customer_orders_sql(), {customer.value()["id"]});
  if (!q.is_ok()) return q.status();
  const auto& r = q.value().table.rows.at(0);
  ToolResult out;
  out.data = {{"customer", customer.value()}, {"orders", r[0]}, {"revenue", money(r[1])},
              {"last_order_date", r[2].is_null() ? json(nullptr) : json(format_date(date_of(r[2].get<std::int64_t>())))}};
  out.sources.push_back(q.value().source);
  if (!env.analytics) return out;
  auto profile = env.analytics->profile(customer.value()["id"].get<Id>(), services::AnalyticsQuery{});
  if (!profile.is_ok()) return out;
  const auto& p = profile.value();
  if (!p.segment_name.empty()) out.data["segment"] = p.segment_name;
  if (p.churn) out.data["churn_probability"] = std::round(p.churn->churn_probability * 1000) / 1000;
  if (p.value) out.data["expected_value_" + std::to_string(p.horizon_days) + "_days"] = money(p.value->expected_value);
  for (const auto& [part, why] : p.unavailable) out.caveats.push_back(part + " unavailable: " + why);
  out.sources.push_back({"model", "customer analytics (segments, churn, CLV) as of " + format_date(p.as_of), json::array()});
  return out;
}

Result<ToolResult> customer_recommendations(const json& args, ToolEnvironment& env) {
  auto customer = customer_row(env, args["customer"].get<std::string>());
  if (!customer.is_ok()) return customer.status();
  auto q = run_query(env, customer_orders_sql(), {customer.value()["id"]});
  if (!q.is_ok()) return q.status();
  ToolResult out;
  out.data = {{"customer", customer.value()}, {"orders", q.value().table.rows.at(0)[0]}};
  out.sources.push_back(q.value().source);
  if (!env.recommendations) return out;
  services::ListRequest request;
  request.top = args.value("top", 5);
  auto list = env.recommendations->for_customer(customer.value()["id"].get<Id>(), request);
  if (!list.is_ok()) {
    out.caveats.push_back("no recommendations: " + list.status().message());
    return out;
  }
  json items = json::array();
  for (const auto& s : list.value().items)
    items.push_back({{"sku", s.sku}, {"name", s.name}, {"reason", s.reason}, {"source", s.source}});
  out.data["recommendations"] = items;
  out.data["method"] = list.value().method;
  for (const auto& n : list.value().notes) out.caveats.push_back(n);
  out.sources.push_back({"model", "recommendations (" + list.value().method + "), data version " +
                                      list.value().model.data_version,
                         json{{"customer_id", customer.value()["id"]}}});
  return out;
}

}  // namespace

void add_customer_tools(ToolRegistry& r) {
  json customer = {{"type", "string"}, {"minLength", 1}, {"description", "the customer's external id or numeric id"}};
  r.add({"lapsed_customers", "How many customers bought in the window before the last one but not in the last one",
         schema({{"window_days", {{"type", "integer"}, {"minimum", 7}, {"maximum", 365}}}})},
        lapsed_customers);
  r.add({"churn_risk", "Customers most likely not to buy in the next window, with the churn model's drivers",
         schema({{"top", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}})},
        churn_risk);
  json top = range_properties();
  top["limit"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}};
  r.add({"top_customers", "Customers by revenue in a period", schema(top)}, top_customers);
  r.add({"customer_segments", "Customers with orders and their behavioural segments", schema(json::object())},
        customer_segments);
  r.add({"customer_profile", "A customer's orders, revenue, last order, segment, churn risk and expected value",
         schema({{"customer", customer}}, {"customer"})},
        customer_profile);
  r.add({"customer_recommendations", "Products to offer a customer, with reasons",
         schema({{"customer", customer}, {"top", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}}}}, {"customer"})},
        customer_recommendations);
}

}  // namespace oiis::agents::detail
