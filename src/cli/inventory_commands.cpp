// `oiis reorder`, `oiis abc`, `oiis simulate`, `oiis pricing`: the inventory service's answers
// as tables or JSON. No logic here beyond argument parsing and printing.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "services/inventory_service.h"

namespace oiis::cli {
namespace {

struct InventoryArgs {
  StoreArgs store;
  bool json = false;
  std::string as_of;  // YYYY-MM-DD
  std::string method = "profile";  // as the API and the simulation (InventoryOptions)
  bool save_drafts = false;
  std::int64_t approve = 0;
  int holdout_days = 365, validation_days = 182, recalibration_days = 91, limit = 20;
  std::string forecaster = "profile";
  double a_share = 0.80, b_share = 0.15;
  std::vector<double> service;  // cycle service targets A, B, C (empty: the policy defaults)
  int min_review_days = 0, max_review_days = 0;  // 0: the policy defaults
  std::int64_t default_supplier = 0;             // 0: none
  double default_cost_share = 0;                 // 0: none
};

Result<services::InventoryOptions> options_from(const InventoryArgs& a) {
  services::InventoryOptions o;
  o.forecast_method = a.method;
  o.classes.a_share = a.a_share;
  o.classes.b_share = a.b_share;
  if (!a.service.empty()) {
    if (a.service.size() != 3) return invalid_argument("expected three levels: A,B,C", "--service");
    for (int c = 0; c < 3; ++c) o.policy.service[c] = {inventory::ServiceKind::kCycle, a.service[c]};
  }
  if (a.min_review_days > 0) o.policy.min_review_days = a.min_review_days;
  if (a.max_review_days > 0) o.policy.max_review_days = a.max_review_days;
  OIIS_RETURN_IF_ERROR(inventory::validate(o.policy));
  if (a.default_supplier < 0) return invalid_argument("must be a supplier id", "--default-supplier");
  if (a.default_supplier > 0) o.default_supplier = a.default_supplier;
  if (a.default_cost_share < 0 || a.default_cost_share >= 1)
    return invalid_argument("must be in (0, 1): cost as a share of price", "--default-cost-share");
  if (a.default_cost_share > 0) o.default_cost_share = a.default_cost_share;
  if (!a.as_of.empty()) {
    auto d = parse_date(a.as_of);
    if (!d) return invalid_argument("expected YYYY-MM-DD", "--as-of");
    o.as_of = *d;
  }
  return o;
}

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

void print_notes(const nlohmann::json& caveats) {
  for (const auto& c : caveats) std::printf("note: %s\n", c.get<std::string>().c_str());
}

void print_plan(const inventory::ReorderPlan& plan, int limit) {
  std::printf("reorder plan for %s: %zu lines for %zu products reviewed, %zu purchase-order "
              "drafts, cost %.2f%s\n",
              format_date(plan.date).c_str(), plan.lines.size(), plan.products_reviewed,
              plan.drafts.size(), plan.total_cost,
              plan.lines_without_cost ? " (lines with a known cost only)" : "");
  for (std::size_t i = 0; i < plan.lines.size() && static_cast<int>(i) < limit; ++i) {
    const auto& l = plan.lines[i];
    std::printf("  %-12s %-24.24s %c %-18.18s qty %6lld  by %s  %s\n", l.sku.c_str(),
                l.name.c_str(), l.abc, l.supplier_name.c_str(),
                static_cast<long long>(l.quantity), format_date(l.order_by).c_str(),
                l.reason.c_str());
    for (const auto& m : l.missing) std::printf("      missing %s\n", m.c_str());
  }
  if (!plan.unplanned.empty()) std::printf("not planned: %zu products\n", plan.unplanned.size());
  for (std::size_t i = 0; i < plan.unplanned.size() && static_cast<int>(i) < limit; ++i) {
    const auto& u = plan.unplanned[i];
    std::printf("  %-12s %-24.24s %s (%s)\n", u.sku.c_str(), u.name.c_str(), u.reason.c_str(),
                u.field.c_str());
  }
}

std::string artefact_dir(const InventoryArgs& a) { return inventory_artefact_dir(a.store); }

// Stores a report under <data>/inventory/ with the model version and data date it came from.
Result<std::string> store_artefact(const InventoryArgs& a, const nlohmann::json& report,
                                   const std::string& kind) {
  return services::write_report_artefact(report, kind, artefact_dir(a));
}

void print_provenance(const nlohmann::json& report, const std::string& path) {
  const auto& p = report["provenance"];
  std::printf("stored %s (model %s, data to %s)\n", path.c_str(),
              p["model_version"].get<std::string>().c_str(), p["data_date"].get<std::string>().c_str());
}

void add_common(CLI::App& cmd, InventoryArgs& a) {
  add_store_options(cmd, a.store);
  cmd.add_flag("--json", a.json, "Print JSON instead of a table");
  cmd.add_option("--as-of", a.as_of, "Use history before this date (YYYY-MM-DD; default: all)");
}

void add_policy_options(CLI::App& cmd, InventoryArgs& a) {
  cmd.add_option("--service", a.service, "Cycle service targets of classes A,B,C (e.g. 0.95,0.9,0.8)")
      ->delimiter(',')
      ->expected(3);
  cmd.add_option("--min-review-days", a.min_review_days, "Shortest supplier review interval (days)");
  cmd.add_option("--max-review-days", a.max_review_days, "Longest supplier review interval (days)");
}

int run_abc(const InventoryArgs& a) {
  auto o = options_from(a);
  if (!o) return fail(o.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto r = services::abc_report(*store, *o);
  if (!r) return fail(r.status());
  auto j = services::to_json(*r);
  auto path = store_artefact(a, j, "abc");
  if (!path) return fail(path.status());
  if (a.json) return j["artefact"] = *path, print_json(j), 0;
  std::printf("ABC/XYZ over the last %d days to %s\n      X     Y     Z\n", o->history_days,
              format_date(r->provenance.data_date).c_str());
  for (int c = 0; c < 3; ++c)
    std::printf("%c %5d %5d %5d\n", "ABC"[c], r->matrix[c][0], r->matrix[c][1], r->matrix[c][2]);
  std::printf("\n%-14s %-28s %-14s %12s %7s %5s %6s\n", "sku", "name", "category", "revenue",
              "share", "class", "cv");
  for (std::size_t i = 0; i < r->rows.size() && static_cast<int>(i) < a.limit; ++i) {
    const auto& row = r->rows[i];
    std::printf("%-14s %-28.28s %-14s %12.2f %6.2f%% %c%c %9.2f\n", row.sku.c_str(),
                row.name.c_str(), row.category.c_str(), row.revenue, 100 * row.cls.revenue_share,
                row.cls.abc, row.cls.xyz, row.cls.cv);
  }
  print_provenance(j, *path);
  return 0;
}

int run_reorder(const InventoryArgs& a) {
  auto o = options_from(a);
  if (!o) return fail(o.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  if (a.approve > 0) {
    auto po = services::approve_purchase_order(*store, a.approve);
    if (!po) return fail(po.status());
    std::printf("purchase order %lld is now %s\n", static_cast<long long>(po->id),
                std::string(to_string(po->status)).c_str());
    return 0;
  }
  // Safety stock as the last stored simulation calibrated it; `oiis simulate` refreshes it.
  auto calibrated = services::calibrated_reorder_plan(*store, *o, artefact_dir(a));
  if (!calibrated) return fail(calibrated.status());
  const services::ReorderReport* r = &calibrated->report;
  auto& j = calibrated->json;
  auto path = store_artefact(a, j, "reorder");  // before the drafts: a failure writes nothing
  if (!path) return fail(path.status());
  nlohmann::json saved = nlohmann::json::array();
  if (a.save_drafts) {
    auto pos = services::save_drafts(*store, r->plan);
    if (!pos) return fail(pos.status());
    for (const auto& po : *pos) saved.push_back(po.id);
  }
  if (a.json) {
    j["saved_draft_ids"] = saved;
    j["artefact"] = *path;
    return print_json(j), 0;
  }
  print_plan(r->plan, a.limit);
  print_notes(j["caveats"]);
  if (a.save_drafts) std::printf("saved %zu drafts (approve with: oiis reorder --approve ID)\n", saved.size());
  print_provenance(j, *path);
  return 0;
}

int run_simulate(const InventoryArgs& a) {
  auto o = options_from(a);
  if (!o) return fail(o.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  services::SimulationOptions so;
  so.holdout_days = a.holdout_days;
  so.validation_days = a.validation_days;
  so.recalibration_days = a.recalibration_days;
  so.forecaster = a.forecaster;
  auto r = services::simulate_policies(*store, *o, so);
  if (!r) return fail(r.status());
  auto j = services::to_json(*r);
  auto path = store_artefact(a, j, "simulation");
  if (!path) return fail(path.status());
  if (a.json) return j["artefact"] = *path, print_json(j), 0;
  std::printf("replay %s .. %s, %zu items\n%-7s %12s %11s %11s %11s %6s %6s %8s %6s\n",
              format_date(r->start).c_str(), format_date(r->end - 1).c_str(), r->items, "policy",
              "total", "holding", "ordering", "lost", "fill", "csl", "stockout", "turns");
  for (const auto& p : r->policies)
    std::printf("%-7s %12.0f %11.0f %11.0f %11.0f %5.1f%% %5.1f%% %8lld %6.1f\n", p.name.c_str(),
                p.total_cost, p.holding_cost, p.ordering_cost, p.lost_sales_cost, 100 * p.fill_rate,
                100 * p.cycle_service_level, static_cast<long long>(p.stockouts), p.turnover);
  const auto& ours = r->policies.front();
  for (int c = 0; c < 3; ++c)
    std::printf("class %c: cycle service %.1f%% (target %.1f%%, safety x%.2f)\n", "ABC"[c],
                100 * ours.by_class[c].achieved, 100 * r->targets[c], r->safety_multiplier[c]);
  for (const auto& sentence : services::simulation_summary(*r)) std::printf("%s\n", sentence.c_str());
  print_provenance(j, *path);
  return 0;
}

int run_pricing(const InventoryArgs& a) {
  auto o = options_from(a);
  if (!o) return fail(o.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto r = services::pricing_report(*store, *o);
  if (!r) return fail(r.status());
  auto j = services::to_json(*r);
  auto path = store_artefact(a, j, "pricing");
  if (!path) return fail(path.status());
  if (a.json) return j["artefact"] = *path, print_json(j), 0;
  std::printf("%-14s %-28s %8s %7s %9s  %s\n", "sku", "name", "price", "elast", "suggest",
              "reason");
  int shown = 0;
  for (const auto& row : r->rows) {
    if (shown++ >= a.limit) break;
    const auto& x = row.suggestion;
    if (!row.missing.empty()) {
      std::printf("%-14s %-28.28s %8.2f %7s %9s  no recommendation: %s\n", row.sku.c_str(),
                  row.name.c_str(), row.price, "-", "-", row.missing.front().c_str());
      continue;
    }
    std::printf("%-14s %-28.28s %8.2f %7.2f %9.2f  %s\n", row.sku.c_str(), row.name.c_str(),
                row.price, row.elasticity, x.markdown ? x.markdown_price : x.recommended_price,
                x.reason.c_str());
  }
  print_notes(j["caveats"]);
  print_provenance(j, *path);
  return 0;
}

template <typename Run>
void register_command(CLI::App& app, int& exit_code, const char* name, const char* help,
                      Run run, void (*extra)(CLI::App&, InventoryArgs&) = nullptr) {
  auto args = std::make_shared<InventoryArgs>();
  CLI::App* cmd = app.add_subcommand(name, help);
  add_common(*cmd, *args);
  if (extra) extra(*cmd, *args);
  cmd->callback([args, &exit_code, run] { exit_code = run(*args); });
}

}  // namespace

void add_inventory_commands(CLI::App& app, int& exit_code) {
  register_command(app, exit_code, "reorder", "What to reorder now: quantities, dates, PO drafts",
                   run_reorder, [](CLI::App& c, InventoryArgs& a) {
                     c.add_option("--method", a.method, "Forecast method (ses, auto, ets, ...)")->capture_default_str();
                     add_policy_options(c, a);
                     c.add_flag("--save-drafts", a.save_drafts, "Write the drafts as draft purchase orders");
                     c.add_option("--default-supplier", a.default_supplier,
                                  "Supplier id for products without one (each such line says so)");
                     c.add_option("--default-cost-share", a.default_cost_share,
                                  "Unit cost as a share of price where cost is unknown, e.g. 0.6 "
                                  "(each such line says so)");
                     c.add_option("--approve", a.approve, "Approve (order) draft purchase order ID");
                     c.add_option("--limit", a.limit, "Rows to print")->capture_default_str();
                   });
  register_command(app, exit_code, "abc", "ABC (revenue) x XYZ (variability) classification", run_abc,
                   [](CLI::App& c, InventoryArgs& a) {
                     c.add_option("--a-share", a.a_share, "Revenue share of class A")->capture_default_str();
                     c.add_option("--b-share", a.b_share, "Revenue share of class B")->capture_default_str();
                     c.add_option("--limit", a.limit, "Rows to print")->capture_default_str();
                   });
  register_command(app, exit_code, "simulate",
                   "Replay a held-out period under our policy and the naive/minmax baselines",
                   run_simulate, [](CLI::App& c, InventoryArgs& a) {
                     c.add_option("--holdout-days", a.holdout_days, "Days replayed")->capture_default_str();
                     c.add_option("--validation-days", a.validation_days,
                                  "Days before the holdout used to calibrate safety stock")->capture_default_str();
                     c.add_option("--recalibration-days", a.recalibration_days,
                                  "Re-calibrate safety stock every N replayed days (0 = once)")->capture_default_str();
                     c.add_option("--forecaster", a.forecaster, "profile, or a forecast method")->capture_default_str();
                     add_policy_options(c, a);
                   });
  register_command(app, exit_code, "pricing", "Price elasticities, recommended prices and markdowns",
                   run_pricing, [](CLI::App& c, InventoryArgs& a) {
                     c.add_option("--limit", a.limit, "Rows to print")->capture_default_str();
                   });
}

}  // namespace oiis::cli
