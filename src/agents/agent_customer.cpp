// Customer Success agent: churn risk, best customers, segments, a customer's profile and what
// to offer them.
#include "agents/reply.h"

namespace oiis::agents {
namespace {

using nlohmann::json;

Reply which_customer(const Plan& plan) {
  Reply r;
  r.found = false;
  if (!plan.ambiguous_customers.empty()) {
    std::string names;
    for (const auto& n : plan.ambiguous_customers) names += (names.empty() ? "" : ", ") + n;
    r.sentences.push_back("Several customers have that name: " + names + ". Which one? (Give the id or e-mail.)");
  } else {
    r.sentences.push_back("Which customer? I could not match one; give their name, e-mail or customer id.");
  }
  return r;
}

std::string customer_text(const json& c) {
  std::string name = c.value("name", std::string());
  std::string id = c.value("external_id", std::string());
  if (id.empty()) id = std::to_string(c.value("id", 0LL));
  return name.empty() ? id : name + " (" + id + ")";
}

Result<Reply> churn(const Plan&, ToolCaller& tools) {
  Reply r;
  auto lapsed = tools.call("lapsed_customers", {{"window_days", 90}});
  if (!lapsed.is_ok()) return lapsed.status();
  const auto& d = lapsed.value().data;
  r.sentences.push_back(count_text(d["lapsed"].get<long long>()) + " customers bought between " +
                        d["bought_between"]["from"].get<std::string>() + " and " + d["bought_between"]["to"].get<std::string>() +
                        " but not since " + d["not_since"].get<std::string>() + " " + tools.marker() + ".");
  auto risk = tools.call("churn_risk", {{"top", 10}});
  if (!risk.is_ok()) {
    r.caveats.push_back("No churn model: " + risk.status().message());
    return r;
  }
  const auto& customers = risk.value().data["customers"];
  json rows = json::array();
  for (const auto& c : customers)
    rows.push_back({c["customer"], c["churn_probability"], c["days_since_last_purchase"], c["spend"], c["drivers"]});
  if (!customers.empty())
    r.sentences.push_back("The churn model (validation AUC " + one_decimal_text(risk.value().data["validation_auc"].get<double>() * 100) +
                          "%) ranks " + customers[0]["customer"].get<std::string>() + " most at risk, with a " +
                          percent_text(customers[0]["churn_probability"].get<double>() * 100) +
                          " chance of no purchase in the next 90 days " + tools.marker() + ".");
  r.tables.push_back({{"title", "Customers most at risk"},
                      {"columns", {"customer", "churn_probability", "days_since_last_purchase", "spend", "drivers"}},
                      {"rows", rows}});
  return r;
}

Result<Reply> best(const Plan& plan, ToolCaller& tools) {
  Reply r;
  json args = json::object();
  std::string when = "of all time";
  if (plan.period) {
    args = range_args(*plan.period);
    when = "in " + plan.period->label + " (" + period_range(*plan.period) + ")";
  }
  args["limit"] = 5;
  auto t = tools.call("top_customers", args);
  if (!t.is_ok()) return t.status();
  const auto& customers = t.value().data["customers"];
  if (customers.empty()) {
    r.sentences.push_back("No customer ordered " + when + " " + tools.marker() + ".");
    return r;
  }
  const auto& top = customers[0];
  std::string who = top["name"].get<std::string>().empty()
                        ? "customer " + top["customer"].get<std::string>()
                        : top["name"].get<std::string>() + " (" + top["customer"].get<std::string>() + ")";
  r.sentences.push_back("Your best customer " + when + " was " + who + " with " + money_text(top["revenue"].get<double>()) +
                        " from " + count_text(top["orders"].get<long long>()) + " orders " + tools.marker() + ".");
  json rows = json::array();
  for (const auto& c : customers) rows.push_back({c["customer"], c["name"], c["revenue"], c["orders"]});
  r.tables.push_back({{"title", "Top customers"}, {"columns", {"customer", "name", "revenue", "orders"}}, {"rows", rows}});
  r.focus = {{"customer", top["customer"]}, {"customer_name", top["name"]}};
  return r;
}

Result<Reply> segments(const Plan&, ToolCaller& tools) {
  Reply r;
  auto t = tools.call("customer_segments", json::object());
  if (!t.is_ok()) return t.status();
  const auto& d = t.value().data;
  r.sentences.push_back(count_text(d["customers_with_orders"].get<long long>()) + " customers have ordered " + tools.marker() + ".");
  if (d.contains("segments")) {
    json rows = json::array();
    std::string names;
    for (const auto& s : d["segments"]) {
      rows.push_back({s["segment"], s["customers"], s["share_pct"], s["revenue"]});
      names += (names.empty() ? "" : "; ") + s["segment"].get<std::string>() + " " + percent_text(s["share_pct"].get<double>());
    }
    r.sentences.push_back("They fall into " + std::to_string(d["segments"].size()) + " segments: " + names + " " + tools.marker() + ".");
    r.tables.push_back({{"title", "Segments"}, {"columns", {"segment", "customers", "share_pct", "revenue"}}, {"rows", rows}});
  }
  for (const auto& c : t.value().caveats) r.caveats.push_back(c);
  return r;
}

Result<Reply> profile(const Plan& plan, ToolCaller& tools) {
  if (!plan.customer) return which_customer(plan);
  auto t = tools.call("customer_profile", {{"customer", *plan.customer}});
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  std::string last = d["last_order_date"].is_null() ? "no order yet" : "last order on " + d["last_order_date"].get<std::string>();
  r.sentences.push_back(customer_text(d["customer"]) + " has placed " + count_text(d["orders"].get<long long>()) +
                        " orders worth " + money_text(d["revenue"].get<double>()) + ", " + last + " " + tools.marker() + ".");
  std::string extra;
  if (d.contains("segment")) extra += "segment " + d["segment"].get<std::string>();
  if (d.contains("churn_probability"))
    extra += (extra.empty() ? "" : ", ") + std::string("churn risk ") + percent_text(d["churn_probability"].get<double>() * 100);
  if (!extra.empty()) r.sentences.push_back("Models: " + extra + " " + tools.marker() + ".");
  for (const auto& c : t.value().caveats) r.caveats.push_back(c);
  r.focus = {{"customer", *plan.customer}, {"customer_name", plan.customer_name.value_or("")}};
  return r;
}

Result<Reply> recommend(const Plan& plan, ToolCaller& tools) {
  if (!plan.customer) return which_customer(plan);
  auto t = tools.call("customer_recommendations", {{"customer", *plan.customer}, {"top", 5}});
  if (!t.is_ok()) return t.status();
  Reply r;
  const auto& d = t.value().data;
  r.sentences.push_back(customer_text(d["customer"]) + " has placed " + count_text(d["orders"].get<long long>()) +
                        " orders " + tools.marker() + ".");
  if (d.contains("recommendations") && !d["recommendations"].empty()) {
    std::string names;
    json rows = json::array();
    for (const auto& s : d["recommendations"]) {
      names += (names.empty() ? "" : ", ") + s["name"].get<std::string>();
      rows.push_back({s["sku"], s["name"], s["reason"]});
    }
    r.sentences.push_back("Offer them: " + names + " " + tools.marker() + ".");
    r.tables.push_back({{"title", "Recommendations"}, {"columns", {"sku", "name", "reason"}}, {"rows", rows}});
  }
  for (const auto& c : t.value().caveats) r.caveats.push_back(c);
  r.focus = {{"customer", *plan.customer}, {"customer_name", plan.customer_name.value_or("")}};
  return r;
}

}  // namespace

Result<Reply> customer_agent(const Plan& plan, ToolCaller& tools) {
  if (plan.intent == "customer.churn") return churn(plan, tools);
  if (plan.intent == "customer.best") return best(plan, tools);
  if (plan.intent == "customer.segments") return segments(plan, tools);
  if (plan.intent == "customer.profile") return profile(plan, tools);
  if (plan.intent == "customer.recommend") return recommend(plan, tools);
  return invalid_argument("the customer agent has no answer for " + plan.intent, "intent");
}

}  // namespace oiis::agents
