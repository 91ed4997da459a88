// Business Intelligence agent: revenue, AOV, period comparisons, monthly trends, top products and
// categories, returns — every figure from the BI tools' checked SQL.
#include <cmath>

#include "agents/reply.h"

namespace oiis::agents {
namespace {

using nlohmann::json;


Result<Reply> revenue(const Plan& plan, ToolCaller& tools, bool aov) {
  Reply r;
  Period p;
  json extra = json::object();
  if (plan.category) extra["category"] = *plan.category;
  auto s = call_over_period(plan, tools, "sales_summary", 30, r, p, extra);
  if (!s.is_ok()) return s.status();
  const auto& d = s.value().data;
  auto orders = d["orders"].get<long long>();
  std::string where = plan.category ? " in " + *plan.category : "";
  if (orders == 0) {
    r.sentences.push_back("No orders" + where + " were placed in " + period_text(p) + " " + tools.marker() + ".");
    return r;
  }
  std::string rev = money_text(d["revenue"].get<double>()), aov_text = money_text(d["aov"].get<double>());
  if (aov)
    r.sentences.push_back("Average order value" + where + " in " + period_text(p) + " was " + aov_text + " (" + rev +
                          " revenue over " + count_text(orders) + " orders) " + tools.marker() + ".");
  else
    r.sentences.push_back("Revenue" + where + " in " + period_text(p) + " was " + rev + " from " + count_text(orders) +
                          " orders (" + count_text(d["units"].get<long long>()) + " units, average order " + aov_text +
                          ") " + tools.marker() + ".");
  return r;
}

// The period compared with: the one named, the same dates a year earlier, or the one before.
Period compared_period(const Plan& plan, const Period& p) {
  if (plan.second) {
    // "2025 vs 2024 so far": a period cut short by today is compared with the same dates.
    bool year_earlier = plan.second->unit == p.unit && plan.second->first < p.first &&
                        same_period_last_year(p).first == plan.second->first;
    if (year_earlier && plan.second->length_days != p.length_days) return same_period_last_year(p);
    return *plan.second;
  }
  return plan.comparison == Comparison::kLastYear ? same_period_last_year(p) : previous_period(p);
}

Result<Reply> compare(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p = period_or(plan, last_days(tools.env(), 30), r.caveats);
  Period q = compared_period(plan, p);
  auto a = tools.call("sales_summary", range_args(p));
  if (!a.is_ok()) return a.status();
  std::string ma = tools.marker();
  auto b = tools.call("sales_summary", range_args(q));
  if (!b.is_ok()) return b.status();
  std::string mb = tools.marker();
  double ra = a.value().data["revenue"].get<double>(), rb = b.value().data["revenue"].get<double>();
  std::string change = "not comparable (no revenue then)";
  if (rb > 0) {
    double pct = (ra - rb) / rb * 100;
    change = std::string(pct >= 0 ? "up, " : "down, ") + (pct >= 0 ? "+" : "-") + percent_text(std::abs(pct));
  }
  r.sentences.push_back("Revenue in " + period_text(p) + " was " + money_text(ra) + " " + ma + " against " +
                        money_text(rb) + " in " + period_text(q) + " " + mb + ": " + change + ".");
  r.charts.push_back({{"type", "bar"}, {"title", "Revenue"}, {"x", {p.label, q.label}},
                      {"series", {{{"name", "revenue"}, {"values", {ra, rb}}}}}});
  return r;
}

Result<Reply> trend(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Date today = tools.env().today;
  auto c = civil_from_date(today);
  Period year;
  year.first = date_from_civil(c.year, 1, 1);
  year.last = today;
  year.unit = PeriodUnit::kYear;
  year.label = "this year";
  Period p = period_or(plan, year, r.caveats);
  auto m = tools.call("revenue_by_month", range_args(p));
  if (!m.is_ok()) return m.status();
  const auto& months = m.value().data["months"];
  if (months.empty()) {
    r.found = false;
    return r;
  }
  std::string list;
  json rows = json::array(), x = json::array(), values = json::array();
  size_t best = 0;
  for (size_t i = 0; i < months.size(); ++i) {
    double v = months[i]["revenue"].get<double>();
    list += (i ? "; " : "") + months[i]["month"].get<std::string>() + ": " + money_text(v);
    rows.push_back({months[i]["month"], v, months[i]["orders"]});
    x.push_back(months[i]["month"]);
    values.push_back(v);
    if (v > months[best]["revenue"].get<double>()) best = i;
  }
  r.sentences.push_back("Revenue by month in " + period_text(p) + " " + tools.marker() + ": " + list + ".");
  if (months.size() >= 2) {
    double first = months.front()["revenue"].get<double>(), last = months.back()["revenue"].get<double>();
    std::string dir = last >= first ? "rose" : "fell";
    r.sentences.push_back("From the first month to the last it " + dir +
                          (first > 0 ? " " + percent_text(std::abs((last - first) / first * 100)) : std::string()) +
                          "; the strongest month was " + months[best]["month"].get<std::string>() + ".");
    if (p.last == today && last < first) r.caveats.push_back("The last month is not over yet (data to " + format_date(today) + ").");
  }
  r.tables.push_back({{"title", "Revenue by month"}, {"columns", {"month", "revenue", "orders"}}, {"rows", rows}});
  r.charts.push_back({{"type", "line"}, {"title", "Revenue by month"}, {"x", x},
                      {"series", {{{"name", "revenue"}, {"values", values}}}}});
  return r;
}

Result<Reply> top_products(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p;
  json extra = {{"by", plan.by_units ? "units" : "revenue"}};
  if (plan.category) extra["category"] = *plan.category;
  auto t = call_over_period(plan, tools, "top_products", 30, r, p, extra);
  if (!t.is_ok()) return t.status();
  const auto& products = t.value().data["products"];
  if (products.empty()) {
    r.sentences.push_back("Nothing was sold in " + period_text(p) + " " + tools.marker() + ".");
    return r;
  }
  const auto& top = products[0];
  std::string figure = plan.by_units ? count_text(top["units"].get<long long>()) + " units"
                                     : money_text(top["revenue"].get<double>()) + " revenue";
  r.sentences.push_back("The top product" + (plan.category ? " in " + *plan.category : std::string()) + " in " +
                        period_text(p) + " by " + (plan.by_units ? "units" : "revenue") + " was " +
                        top["name"].get<std::string>() + " (" + top["sku"].get<std::string>() + ") with " + figure +
                        " " + tools.marker() + ".");
  json rows = json::array();
  for (const auto& row : products) rows.push_back({row["sku"], row["name"], row["revenue"], row["units"]});
  r.tables.push_back({{"title", "Top products"}, {"columns", {"sku", "name", "revenue", "units"}}, {"rows", rows}});
  r.focus["sku"] = top["sku"];
  r.focus["product_name"] = top["name"];
  return r;
}

Result<Reply> categories(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p;
  auto t = call_over_period(plan, tools, "top_categories", 30, r, p);
  if (!t.is_ok()) return t.status();
  const auto& cats = t.value().data["categories"];
  if (cats.empty()) {
    r.sentences.push_back("Nothing was sold in " + period_text(p) + " " + tools.marker() + ".");
    return r;
  }
  r.sentences.push_back("The top category in " + period_text(p) + " was " + cats[0]["category"].get<std::string>() +
                        " with " + money_text(cats[0]["revenue"].get<double>()) + " revenue " + tools.marker() + ".");
  json rows = json::array(), x = json::array(), values = json::array();
  for (const auto& c : cats) {
    rows.push_back({c["category"], c["revenue"], c["units"]});
    x.push_back(c["category"]);
    values.push_back(c["revenue"]);
  }
  r.tables.push_back({{"title", "Revenue by category"}, {"columns", {"category", "revenue", "units"}}, {"rows", rows}});
  r.charts.push_back({{"type", "bar"}, {"title", "Revenue by category"}, {"x", x},
                      {"series", {{{"name", "revenue"}, {"values", values}}}}});
  return r;
}

Result<Reply> returns(const Plan& plan, ToolCaller& tools) {
  Reply r;
  Period p;
  auto t = call_over_period(plan, tools, "order_status_counts", 30, r, p);
  if (!t.is_ok()) return t.status();
  const auto& d = t.value().data;
  auto returned = d["by_status"]["returned"].get<long long>(), cancelled = d["by_status"]["cancelled"].get<long long>();
  auto placed = d["orders_placed"].get<long long>();
  std::string rate = placed ? " (" + percent_text(100.0 * static_cast<double>(returned) / static_cast<double>(placed)) + " returned)" : "";
  r.sentences.push_back("Of the " + count_text(placed) + " orders placed in " + period_text(p) + ", " +
                        count_text(returned) + " were returned and " + count_text(cancelled) + " cancelled" + rate +
                        " " + tools.marker() + ".");
  for (const auto& c : t.value().caveats) r.caveats.push_back(c);
  return r;
}

}  // namespace

Result<Reply> bi_agent(const Plan& plan, ToolCaller& tools) {
  if (plan.intent == "bi.revenue") return revenue(plan, tools, false);
  if (plan.intent == "bi.aov") return revenue(plan, tools, true);
  if (plan.intent == "bi.compare") return compare(plan, tools);
  if (plan.intent == "bi.trend") return trend(plan, tools);
  if (plan.intent == "bi.top_products") return top_products(plan, tools);
  if (plan.intent == "bi.categories") return categories(plan, tools);
  if (plan.intent == "bi.returns") return returns(plan, tools);
  return invalid_argument("the BI agent has no answer for " + plan.intent, "intent");
}

}  // namespace oiis::agents
