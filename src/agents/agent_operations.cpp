// Operations agent: supplier lead times and fill rates, fulfilment time, open purchase orders,
// suspicious orders and price anomalies.
#include "agents/reply.h"

namespace oiis::agents {
namespace {

using nlohmann::json;


Result<Reply> suppliers(const Plan& plan, ToolCaller& tools) {
  json args = json::object();
  if (plan.supplier_id) args["supplier_id"] = *plan.supplier_id;
  auto t = tools.call("supplier_performance", args);
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& rows = t.value().data["suppliers"];
  if (rows.empty()) {
    r.found = false;
    r.sentences.push_back("The store has no suppliers to report on " + tools.marker() + ".");
    return r;
  }
  json table = json::array();
  std::string list;
  for (const auto& s : rows) {
    std::string lead = s["lead_time_days"].is_null() ? "no received orders" :
        "lead time " + one_decimal_text(s["lead_time_days"].get<double>()) + " days";
    std::string fill = s["fill_rate_pct"].is_null() ? "" : ", fill rate " + percent_text(s["fill_rate_pct"].get<double>());
    list += (list.empty() ? "" : "; ") + s["name"].get<std::string>() + ": " + lead + fill;
    table.push_back({s["name"], s["lead_time_days"], s["stated_lead_time_days"], s["fill_rate_pct"], s["received_orders"]});
  }
  r.sentences.push_back("Supplier performance over received purchase orders " + tools.marker() + ": " + list + ".");
  r.tables.push_back({{"title", "Suppliers"},
                      {"columns", {"supplier", "lead_time_days", "stated_lead_time_days", "fill_rate_pct", "received_orders"}},
                      {"rows", table}});
  if (rows.size() == 1) r.focus = {{"supplier_id", rows[0]["supplier_id"]}, {"supplier_name", rows[0]["name"]}};
  return r;
}

Result<Reply> fulfilment(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p;
  auto t = call_over_period(plan, tools, "fulfilment_time", 7, r, p);
  if (!t.is_ok()) return t.status();
  const auto& d = t.value().data;
  if (d["mean_fulfilment_days"].is_null()) {
    r.sentences.push_back("No order placed in " + period_text(p) + " has been fulfilled yet " + tools.marker() + ".");
    return r;
  }
  r.sentences.push_back("Orders placed in " + period_text(p) + " took " + one_decimal_text(d["mean_fulfilment_days"].get<double>()) +
                        " days on average from order to fulfilment " + tools.marker() + " (" +
                        count_text(d["orders"].get<long long>()) + " orders, " + count_text(d["not_fulfilled"].get<long long>()) +
                        " not fulfilled).");
  return r;
}

Result<Reply> purchase_orders(const Plan&, ToolCaller& tools) {
  auto t = tools.call("open_purchase_orders", json::object());
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  std::string parts;
  for (const auto& [status, n] : d["by_status"].items())
    parts += (parts.empty() ? "" : ", ") + count_text(n.get<long long>()) + " " + status;
  r.sentences.push_back(count_text(d["open"].get<long long>()) + " purchase orders are open" +
                        (parts.empty() ? "" : " (" + parts + ")") + " " + tools.marker() + ".");
  return r;
}

Result<Reply> anomalies(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p;
  auto t = call_over_period(plan, tools, "order_risk_scan", 7, r, p);
  if (!t.is_ok()) return t.status();
  const auto& d = t.value().data;
  std::string checked = "I checked the " + count_text(d["orders_checked"].get<long long>()) + " orders placed in " +
                        period_text(p) + " " + tools.marker();
  const auto& flagged = d.value("flagged", json::array());
  if (!d.contains("flagged")) {
    r.sentences.push_back(checked + ".");
  } else if (flagged.empty()) {
    r.sentences.push_back(checked + ": none looks suspicious.");
  } else {
    r.sentences.push_back(checked + ": " + count_text(static_cast<long long>(flagged.size())) + " look suspicious " +
                          tools.marker() + ".");
    json rows = json::array();
    for (const auto& f : flagged) rows.push_back({f["order_id"], f["total"], f["score"], f["reasons"]});
    r.tables.push_back({{"title", "Suspicious orders"}, {"columns", {"order_id", "total", "score", "reasons"}}, {"rows", rows}});
  }
  for (const auto& c : t.value().caveats) r.caveats.push_back(c);
  if (plan.about_prices) {
    auto prices = tools.call("price_anomalies", range_args(p));
    if (prices.is_ok()) {
      const auto& alerts = prices.value().data["alerts"];
      r.sentences.push_back(count_text(static_cast<long long>(alerts.size())) + " price changes in that period look unusual " +
                            tools.marker() + ".");
    }
  }
  return r;
}

}  // namespace

Result<Reply> operations_agent(const Plan& plan, ToolCaller& tools) {
  if (plan.intent == "operations.suppliers") return suppliers(plan, tools);
  if (plan.intent == "operations.fulfilment") return fulfilment(plan, tools);
  if (plan.intent == "operations.purchase_orders") return purchase_orders(plan, tools);
  if (plan.intent == "operations.anomalies")
    return anomalies(plan, tools);
  return invalid_argument("the operations agent has no answer for " + plan.intent, "intent");
}

}  // namespace oiis::agents
