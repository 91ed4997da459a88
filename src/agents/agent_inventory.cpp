// Inventory Intelligence agent: reorder plan, stock, forecasts, pricing, the supplier of a
// product, and the inventory report for a quarter's planning.
#include <cmath>

#include "agents/reply.h"

namespace oiis::agents {
namespace {

using nlohmann::json;

Reply which_product(const Plan& plan) {
  Reply r;
  r.found = false;
  if (!plan.ambiguous_products.empty()) {
    std::string names;
    for (const auto& n : plan.ambiguous_products) names += (names.empty() ? "" : ", ") + n;
    r.sentences.push_back("Several products fit that name: " + names + ". Which one? (Give the SKU.)");
    return r;
  }
  r.sentences.push_back("Which product? I could not match one in the catalogue; give its SKU or more of its name.");
  return r;
}

std::string product_text(const Plan& plan) { return plan.product_name.value_or("") + " (" + plan.sku.value_or("") + ")"; }

void copy_caveats(const ToolResult& t, Reply& r) {
  for (const auto& c : t.caveats) r.caveats.push_back(c);
}

Result<Reply> reorder(const Plan& plan, ToolCaller& tools) {
  json args = json::object();
  if (plan.category) args["category"] = *plan.category;
  auto t = tools.call("reorder_plan", args);
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  std::string where = plan.category ? " in " + *plan.category : "";
  if (d["out_of_stock"].is_null())
    r.sentences.push_back("Which products" + where + " are out of stock is unknown: the store keeps no stock levels " +
                          tools.marker() + ".");
  else
    r.sentences.push_back(count_text(d["out_of_stock"].get<long long>()) + " active products" + where +
                          " are out of stock now " + tools.marker() + ".");
  copy_caveats(t.value(), r);
  const auto& lines = d.value("lines", json::array());
  if (!d.contains("lines")) return r;
  if (lines.empty()) {
    r.sentences.push_back("Nothing" + where + " needs ordering on " + d["plan_date"].get<std::string>() + " " + tools.marker() + ".");
    return r;
  }
  double cost = 0;
  json rows = json::array();
  for (const auto& l : lines) {
    cost += l["cost"].get<double>();
    if (rows.size() < 15)
      rows.push_back({l["sku"], l["name"], l["supplier"], l["on_hand"], l["quantity"], l["order_by"], l["stockout_date"], l["cost"]});
  }
  const auto& first = lines[0];
  r.sentences.push_back("Order " + count_text(static_cast<long long>(lines.size())) + " products" + where + " for " +
                        money_text(cost) + "; the most urgent is " + first["name"].get<std::string>() + " (" +
                        first["sku"].get<std::string>() + "): " + count_text(first["quantity"].get<long long>()) +
                        " units by " + first["order_by"].get<std::string>() + " " + tools.marker() + ".");
  r.tables.push_back({{"title", "Reorder plan"},
                      {"columns", {"sku", "name", "supplier", "on_hand", "quantity", "order_by", "stockout_date", "cost"}},
                      {"rows", rows}});
  r.actions.push_back({{"type", "save_purchase_order_drafts"}, {"requires_approval", true},
                       {"description", "Save this plan as purchase-order drafts, one per supplier"}});
  return r;
}

Result<Reply> stock(const Plan& plan, ToolCaller& tools) {
  if (!plan.sku) return which_product(plan);
  auto t = tools.call("stock_status", {{"sku", *plan.sku}});
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  copy_caveats(t.value(), r);
  if (d["on_hand"].is_null()) {
    r.sentences.push_back("The store keeps no stock level for " + product_text(plan) + " " + tools.marker() + ".");
    return r;
  }
  r.sentences.push_back(product_text(plan) + " has " + count_text(d["on_hand"].get<long long>()) + " units on hand " +
                        tools.marker() + " (" + count_text(d["reserved"].get<long long>()) + " reserved, " +
                        count_text(d["on_order"].get<long long>()) + " on order).");
  r.focus["sku"] = *plan.sku;
  return r;
}

Result<Reply> forecast(const Plan& plan, ToolCaller& tools) {
  if (!plan.sku) return which_product(plan);
  auto sales = tools.call("product_sales", {{"sku", *plan.sku}, {"days", 28}});
  if (!sales.is_ok()) return sales.status();
  Reply r;
  r.sentences.push_back(product_text(plan) + " sold " + count_text(sales.value().data["units"].get<long long>()) +
                        " units in the last 28 days " + tools.marker() + ".");
  int horizon = plan.horizon_days.value_or(28);
  auto f = tools.call("demand_forecast", {{"sku", *plan.sku}, {"horizon_days", horizon}});
  if (!f.is_ok()) {
    r.caveats.push_back("No forecast: " + f.status().message());
    return r;
  }
  const auto& d = f.value().data;
  r.sentences.push_back("The forecast for the next " + std::to_string(horizon) + " days is " +
                        one_decimal_text(d["expected_units"].get<double>()) + " units (80% range " +
                        one_decimal_text(d["range_80"][0].get<double>()) + "–" + one_decimal_text(d["range_80"][1].get<double>()) +
                        ", model " + d["model"].get<std::string>() + ") " + tools.marker() + ".");
  copy_caveats(f.value(), r);
  r.focus["sku"] = *plan.sku;
  return r;
}

Result<Reply> pricing(const Plan& plan, ToolCaller& tools) {
  if (!plan.sku) return which_product(plan);
  auto t = tools.call("pricing_advice", {{"sku", *plan.sku}});
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  double price = d["price"].get<double>(), cost = d["cost"].get<double>();
  std::string margin = d["margin_pct"].is_null() ? "" : ", margin " + percent_text(d["margin_pct"].get<double>());
  r.sentences.push_back(product_text(plan) + " sells at " + money_text(price) + " and costs " + money_text(cost) + margin +
                        "; " + count_text(d["units"].get<long long>()) + " units sold in the last 90 days " + tools.marker() + ".");
  if (cost > 0 && price < cost)
    r.sentences.push_back("It is priced below its cost: every unit sold loses " + money_text(cost - price) + ".");
  if (d.contains("recommended_price"))
    r.sentences.push_back("Recommended price: " + money_text(d["recommended_price"].get<double>()) + " (" +
                          d.value("recommendation", std::string()) + ", elasticity " +
                          one_decimal_text(d.value("elasticity", 0.0)) + ").");
  copy_caveats(t.value(), r);
  r.actions.push_back({{"type", "change_price"}, {"sku", *plan.sku}, {"requires_approval", true},
                       {"description", "Change the price of " + *plan.sku}});
  r.focus["sku"] = *plan.sku;
  return r;
}

Result<Reply> supplier(const Plan& plan, ToolCaller& tools) {
  if (!plan.sku) return which_product(plan);
  auto t = tools.call("product_supplier", {{"sku", *plan.sku}});
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  copy_caveats(t.value(), r);
  if (!d.contains("supplier")) {
    r.sentences.push_back("The store names no supplier for " + product_text(plan) + " " + tools.marker() + ".");
    return r;
  }
  const auto& s = d["supplier"];
  std::string measured = s["measured_lead_time_days"].is_null() ? "" :
      ", measured " + one_decimal_text(s["measured_lead_time_days"].get<double>()) + " days over " +
      count_text(s["purchase_orders"].get<long long>()) + " purchase orders";
  r.sentences.push_back(product_text(plan) + " is supplied by " + s["name"].get<std::string>() + " " + tools.marker() +
                        " (stated lead time " + one_decimal_text(s["stated_lead_time_days"].get<double>()) + " days" + measured + ").");
  r.focus = {{"sku", *plan.sku}, {"supplier_id", s["id"]}, {"supplier_name", s["name"]}};
  return r;
}

Result<Reply> report(const Plan& plan, ToolCaller& tools) {
  Date today = tools.env().today;
  auto c = civil_from_date(today);
  int q = plan.quarter.value_or((c.month - 1) / 3 + 1 == 4 ? 1 : (c.month - 1) / 3 + 2);
  Period last_year;
  last_year.first = date_from_civil(c.year - 1, 3 * q - 2, 1);
  last_year.last = (q == 4 ? date_from_civil(c.year, 1, 1) : date_from_civil(c.year - 1, 3 * q + 1, 1)) - 1;
  last_year.label = "Q" + std::to_string(q) + " " + std::to_string(c.year - 1);
  auto t = tools.call("inventory_summary", range_args(last_year));
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  std::string m = tools.marker();
  std::string stock = d["inventory_value_at_cost"].is_null()
                          ? "stock at cost is unknown (the store keeps no stock levels), " +
                                count_text(d["active_products"].get<long long>()) + " active products"
                          : "stock at cost is " + money_text(d["inventory_value_at_cost"].get<double>()) + " across " +
                                count_text(d["active_products"].get<long long>()) + " active products, " +
                                count_text(d["out_of_stock"].get<long long>()) + " of them out of stock";
  r.sentences.push_back("Inventory report for Q" + std::to_string(q) + " planning: " + stock + " " + m + ".");
  r.sentences.push_back("Last year's " + last_year.label + " (" + period_range(last_year) + ") sold " +
                        count_text(d["units_sold"].get<long long>()) + " units for " +
                        money_text(d["revenue"].get<double>()) + " " + m + ": the baseline to plan against.");
  copy_caveats(t.value(), r);
  if (last_year.first < tools.env().first_day)
    r.caveats.push_back("The data starts on " + format_date(tools.env().first_day) + ": only part of " + last_year.label +
                        " is in it, so its sales are a floor, not the quarter's.");
  auto plan_result = tools.call("reorder_plan", json::object());
  if (plan_result.is_ok() && plan_result.value().data.contains("lines"))
    r.sentences.push_back(count_text(static_cast<long long>(plan_result.value().data["lines"].size())) +
                          " products need ordering now, for " +
                          money_text(plan_result.value().data["total_cost"].get<double>()) + " " + tools.marker() + ".");
  return r;
}

// Approving is a write: the agent only describes the order and proposes the action; the graph
// asks a person (an interrupt) before anything runs.
Result<Reply> approve(const Plan& plan, ToolCaller& tools) {
  Reply r;
  if (!plan.purchase_order_id) {
    r.found = false;
    r.sentences.push_back("Which purchase order? Give its number, e.g. \"approve PO 12\".");
    return r;
  }
  auto t = tools.call("purchase_order", {{"purchase_order_id", *plan.purchase_order_id}});
  if (!t.is_ok()) return t.status();
  const auto& d = t.value().data;
  std::string what = "Purchase order " + std::to_string(*plan.purchase_order_id) + " from " +
                     d["supplier"].get<std::string>() + ": " + count_text(d["lines"].get<long long>()) + " lines, " +
                     count_text(d["units"].get<long long>()) + " units, " + money_text(d["cost"].get<double>()) + " " +
                     tools.marker();
  if (d["status"] != "draft") {
    r.sentences.push_back(what + " is " + d["status"].get<std::string>() + ", not a draft: there is nothing to approve.");
    return r;
  }
  r.sentences.push_back(what + " is a draft.");
  json rows = json::array();
  for (const auto& item : d["items"])
    rows.push_back({item["sku"], item["name"], item["quantity"], item["unit_cost"], item["cost"]});
  r.tables.push_back({{"title", "Purchase order " + std::to_string(*plan.purchase_order_id)},
                      {"columns", {"sku", "name", "quantity", "unit_cost", "cost"}},
                      {"rows", rows}});
  r.actions.push_back({{"type", "approve_purchase_order"}, {"tool", "approve_purchase_order"},
                       {"args", {{"purchase_order_id", *plan.purchase_order_id}}}, {"requires_approval", true},
                       {"lines", d["items"]},
                       {"description", "Approve purchase order " + std::to_string(*plan.purchase_order_id) + " (" +
                                          d["supplier"].get<std::string>() + ", " + money_text(d["cost"].get<double>()) +
                                          ") so that it is sent to the supplier"}});
  return r;
}

}  // namespace

Result<Reply> inventory_agent(const Plan& plan, ToolCaller& tools) {
  if (plan.intent == "inventory.reorder") return reorder(plan, tools);
  if (plan.intent == "inventory.stock") return stock(plan, tools);
  if (plan.intent == "inventory.forecast") return forecast(plan, tools);
  if (plan.intent == "inventory.pricing") return pricing(plan, tools);
  if (plan.intent == "inventory.supplier") return supplier(plan, tools);
  if (plan.intent == "inventory.report") return report(plan, tools);
  if (plan.intent == "inventory.approve") return approve(plan, tools);
  return invalid_argument("the inventory agent has no answer for " + plan.intent, "intent");
}

}  // namespace oiis::agents
