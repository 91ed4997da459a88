// JSON shapes of the inventory reports (CLI --json and the API return the same documents).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "services/inventory_service.h"

namespace oiis::services {
namespace {

using nlohmann::json;

json provenance(const Provenance& p) {
  return {{"model_version", p.model_version},
          {"data_date", format_date(p.data_date)},
          {"parameters", p.parameters}};
}

// JSON has no infinity; an undefined figure is null.
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json levels_json(const inventory::ItemLevels& l) {
  return {{"daily_demand", l.daily_demand}, {"review_days", l.review_days},
          {"lead_demand", l.lead_demand},   {"sigma", l.sigma},
          {"safety_stock", l.safety_stock}, {"reorder_point", l.reorder_point},
          {"order_up_to", l.order_up_to},   {"eoq", l.eoq}};
}

json line_json(const inventory::ReorderLine& l) {
  return {{"product_id", l.product_id},
          {"sku", l.sku},
          {"name", l.name},
          {"location_id", l.location_id},
          {"supplier_id", l.supplier_id},
          {"supplier", l.supplier_name},
          {"abc", std::string(1, l.abc)},
          {"on_hand", l.on_hand},
          {"on_order", l.on_order},
          {"quantity", l.quantity},
          {"unit_cost", l.unit_cost},
          {"cost", l.cost},
          {"order_by", format_date(l.order_by)},
          {"stockout_date", l.stockout_date ? json(format_date(*l.stockout_date)) : json(nullptr)},
          {"reason", l.reason},
          {"missing", l.missing},
          {"levels", levels_json(l.levels)}};
}

}  // namespace

std::vector<std::string> plan_caveats(const inventory::ReorderPlan& plan) {
  std::vector<std::string> out;
  const auto lines = std::to_string(plan.lines.size());
  const auto count = [&](std::string_view prefix) {
    return std::count_if(plan.lines.begin(), plan.lines.end(), [&](const auto& l) {
      return std::any_of(l.missing.begin(), l.missing.end(),
                         [&](const std::string& m) { return m.starts_with(prefix); });
    });
  };
  if (const auto n = count("supplier:"))
    out.push_back(std::to_string(n) + " of " + lines +
                  " lines use the default supplier (none set for the product)");
  if (const auto n = count("cost: unknown, taken as"))
    out.push_back(std::to_string(n) + " of " + lines +
                  " lines use the default cost share (cost unknown)");
  if (const auto n = count("stock:"))
    out.push_back(std::to_string(n) + " of " + lines +
                  " lines have no stock record: on hand is taken as 0, so quantities are what "
                  "an empty shelf would need");
  if (plan.lines_without_cost > 0)
    out.push_back(std::to_string(plan.lines_without_cost) + " of " + lines +
                  " lines have no unit cost: total_cost counts only the others");
  if (!plan.unplanned.empty())
    out.push_back(std::to_string(plan.unplanned.size()) +
                  " products could not be planned (see unplanned: the input each one lacks)");
  return out;
}

json parameters_json(const InventoryOptions& o) {
  json service = json::object();
  for (int c = 0; c < 3; ++c)
    service[std::string(1, "ABC"[c])] = {
        {"kind", o.policy.service[c].kind == inventory::ServiceKind::kCycle ? "cycle" : "fill"},
        {"level", o.policy.service[c].level}};
  return {{"forecast_method", o.forecast_method},
          {"history_days", o.history_days},
          {"classes", {{"a_share", o.classes.a_share}, {"b_share", o.classes.b_share},
                       {"x_max_cv", o.classes.x_max_cv}, {"y_max_cv", o.classes.y_max_cv}}},
          {"policy", {{"service", service},
                      {"holding_rate", o.policy.holding_rate},
                      {"min_review_days", o.policy.min_review_days},
                      {"max_review_days", o.policy.max_review_days},
                      {"safety_multiplier", o.policy.safety_multiplier},
                      {"plan_window_days", o.policy.plan_window_days}}}};
}

Result<std::string> write_report_artefact(const json& report, const std::string& kind,
                                          const std::string& dir) {
  const auto date = report.contains("provenance") ? report["provenance"].value("data_date", "")
                                                  : std::string();
  if (date.empty()) return invalid_argument("report has no provenance.data_date", "report");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("cannot create " + dir + ": " + ec.message());
  const std::string path =
      (std::filesystem::path(dir) / ("inventory-" + kind + "-" + date + ".json")).string();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << report.dump() << "\n";
    if (!out) return internal_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return internal_error("cannot rename " + tmp + ": " + ec.message());
  return path;
}

namespace {

// Multipliers of a stored simulation report when it matches the version and the targets.
std::optional<std::array<double, 3>> matching_multipliers(const json& j,
                                                          const inventory::PolicyConfig& policy) {
  const json* p = j.is_object() && j.contains("provenance") ? &j["provenance"] : nullptr;
  if (!p || p->value("model_version", "") != kInventoryModelVersion) return std::nullopt;
  const json service = p->value("parameters", json::object())
                           .value("policy", json::object())
                           .value("service", json::object());
  for (int c = 0; c < 3; ++c) {
    const json cls = service.value(std::string(1, "ABC"[c]), json::object());
    if (cls.value("kind", "") != "cycle" || cls.value("level", -1.0) != policy.service[c].level)
      return std::nullopt;
  }
  json m = j.value("safety_multiplier", json());
  const json steps = j.value("recalibrations", json::array());
  if (steps.is_array() && !steps.empty()) m = steps.back().value("safety_multiplier", json());
  if (!m.is_array() || m.size() != 3) return std::nullopt;
  std::array<double, 3> out{};
  for (int c = 0; c < 3; ++c) {
    if (!m[c].is_number() || !(m[c].get<double>() >= 0)) return std::nullopt;
    out[c] = m[c].get<double>();
  }
  return out;
}

}  // namespace

std::optional<StoredCalibration> latest_calibration(const std::string& dir,
                                                    const inventory::PolicyConfig& policy) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("inventory-simulation-") && name.ends_with(".json")) files.push_back(it->path());
  }
  std::sort(files.rbegin(), files.rend());  // newest data date first (YYYY-MM-DD in the name)
  for (const auto& f : files) {
    std::ifstream in(f);
    if (auto m = matching_multipliers(json::parse(in, nullptr, false), policy))
      return StoredCalibration{*m, f.string()};
  }
  return std::nullopt;
}

json to_json(const AbcReport& r) {
  json rows = json::array();
  for (const auto& row : r.rows)
    rows.push_back({{"product_id", row.product_id},
                    {"sku", row.sku},
                    {"name", row.name},
                    {"category", row.category},
                    {"revenue", row.revenue},
                    {"revenue_share", row.cls.revenue_share},
                    {"cumulative_share", row.cls.cumulative_share},
                    {"abc", std::string(1, row.cls.abc)},
                    {"xyz", std::string(1, row.cls.xyz)},
                    {"class", std::string{row.cls.abc, row.cls.xyz}},
                    {"cv", number(row.cls.cv)}});
  json matrix = json::object();
  const char* abc = "ABC";
  const char* xyz = "XYZ";
  for (int a = 0; a < 3; ++a)
    for (int x = 0; x < 3; ++x) matrix[std::string{abc[a], xyz[x]}] = r.matrix[a][x];
  return {{"provenance", provenance(r.provenance)}, {"matrix", matrix}, {"items", rows}};
}

json to_json(const ReorderReport& r) {
  json lines = json::array(), drafts = json::array(), unplanned = json::array();
  for (const auto& u : r.plan.unplanned)
    unplanned.push_back({{"product_id", u.product_id}, {"sku", u.sku}, {"name", u.name},
                         {"location_id", u.location_id}, {"field", u.field},
                         {"reason", u.reason}});
  for (const auto& l : r.plan.lines) lines.push_back(line_json(l));
  for (const auto& d : r.plan.drafts) {
    json dl = json::array();
    for (const auto& l : d.lines) dl.push_back({{"sku", l.sku}, {"product_id", l.product_id},
                                                {"quantity", l.quantity}, {"cost", l.cost}});
    drafts.push_back({{"supplier_id", d.supplier_id},
                      {"supplier", d.supplier_name},
                      {"location_id", d.location_id},
                      {"order_by", format_date(d.order_by)},
                      {"total_cost", d.total_cost},
                      {"lines", dl}});
  }
  return {{"provenance", provenance(r.provenance)},
          {"date", format_date(r.plan.date)},
          {"forecast_method", r.forecast_method},
          {"products_reviewed", r.plan.products_reviewed},
          {"total_cost", r.plan.total_cost},
          {"lines_without_cost", r.plan.lines_without_cost},
          {"caveats", plan_caveats(r.plan)},
          {"lines", lines},
          {"unplanned", unplanned},
          {"drafts", drafts}};
}

std::vector<std::string> simulation_summary(const SimulationReport& r) {
  std::vector<std::string> out;
  if (r.policies.empty()) return out;
  const inventory::PolicyResult& ours = r.policies.front();
  char line[512];
  for (std::size_t b = 1; b < r.policies.size(); ++b) {
    const inventory::PolicyResult& base = r.policies[b];
    if (!(base.total_cost > 0)) continue;
    const double change = ours.total_cost / base.total_cost - 1;
    if (change <= 0) {
      std::snprintf(line, sizeof line,
                    "ours costs %.1f%% less than %s (fill rate %.1f%% vs %.1f%%)", -100 * change,
                    base.name.c_str(), 100 * ours.fill_rate, 100 * base.fill_rate);
    } else {
      const bool holds_more = base.holding_cost > ours.holding_cost;
      std::snprintf(line, sizeof line,
                    "ours costs %.1f%% more than %s (fill rate %.1f%% vs %.1f%%): %s; our cycle "
                    "service targets (A %.0f%%, B %.0f%%, C %.0f%%) set that trade — --service "
                    "moves it",
                    100 * change, base.name.c_str(), 100 * ours.fill_rate, 100 * base.fill_rate,
                    holds_more ? "it holds more stock and loses fewer sales"
                               : "it orders less often or loses fewer sales",
                    100 * r.targets[0], 100 * r.targets[1], 100 * r.targets[2]);
    }
    out.push_back(line);
  }
  return out;
}

json to_json(const SimulationReport& r) {
  json recalibrations = json::array();
  for (const auto& step : r.recalibrations)
    recalibrations.push_back({{"from", format_date(r.start + step.from_day)},
                              {"safety_multiplier", step.multiplier}});
  json policies = json::array();
  for (const auto& p : r.policies) {
    json classes = json::object();
    for (int c = 0; c < 3; ++c)
      classes[std::string(1, "ABC"[c])] = {{"cycles", p.by_class[c].cycles},
                                           {"cycle_service_level", p.by_class[c].achieved},
                                           {"target", p.by_class[c].target}};
    policies.push_back({{"name", p.name},
                        {"total_cost", p.total_cost},
                        {"holding_cost", p.holding_cost},
                        {"ordering_cost", p.ordering_cost},
                        {"lost_sales_cost", p.lost_sales_cost},
                        {"fill_rate", p.fill_rate},
                        {"cycle_service_level", p.cycle_service_level},
                        {"stockouts", p.stockouts},
                        {"turnover", p.turnover},
                        {"average_inventory_value", p.average_inventory_value},
                        {"purchase_orders", p.purchase_orders},
                        {"units_demanded", p.units_demanded},
                        {"units_lost", p.units_lost},
                        {"by_class", classes}});
  }
  return {{"provenance", provenance(r.provenance)},
          {"summary", simulation_summary(r)},
          {"start", format_date(r.start)},
          {"end", format_date(r.end)},
          {"items", r.items},
          {"safety_multiplier", r.safety_multiplier},
          {"recalibrations", recalibrations},
          {"policies", policies}};
}

json to_json(const PricingReport& r) {
  json rows = json::array();
  std::size_t refused = 0;
  for (const auto& row : r.rows) {
    const bool advised = row.missing.empty();
    refused += !advised;
    const auto& s = row.suggestion;
    rows.push_back(
        {{"product_id", row.product_id},
         {"sku", row.sku},
         {"name", row.name},
         {"category", row.category},
         {"price", row.price},
         {"unit_cost", row.unit_cost},
         {"elasticity", row.elasticity},
         {"raw_elasticity", row.raw.identified ? json(row.raw.elasticity) : json(nullptr)},
         {"std_error", number(row.raw.std_error)},
         {"observations", row.raw.observations},
         {"missing", row.missing},
         {"recommended_price", advised ? json(s.recommended_price) : json(nullptr)},
         {"expected_margin_change_per_day",
          advised ? json(s.expected_margin_change) : json(nullptr)},
         {"markdown", advised && s.markdown},
         {"markdown_price", advised && s.markdown ? json(s.markdown_price) : json(nullptr)},
         {"reason", advised ? s.reason : "no recommendation: " + row.missing.front()}});
  }
  json caveats = json::array();
  if (refused > 0)
    caveats.push_back(std::to_string(refused) + " of " + std::to_string(r.rows.size()) +
                      " products get no recommendation: each lists what is missing");
  return {{"provenance", provenance(r.provenance)}, {"caveats", caveats}, {"items", rows}};
}

json to_json(const std::vector<ScorecardRow>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"supplier_id", r.supplier.id},
                   {"name", r.supplier.name},
                   {"purchase_orders", r.card.purchase_orders},
                   {"received_orders", r.card.received_orders},
                   {"on_time_rate", r.card.on_time_rate},
                   {"lead_time_mean", r.card.lead_time_mean},
                   {"lead_time_sd", r.card.lead_time_sd},
                   {"stated_lead_time_mean", r.supplier.lead_time_mean_days},
                   {"stated_lead_time_sd", r.supplier.lead_time_sd_days},
                   {"fill_rate", r.card.fill_rate},
                   {"price_trend", r.card.price_trend}});
  return {{"suppliers", out}};
}

}  // namespace oiis::services
