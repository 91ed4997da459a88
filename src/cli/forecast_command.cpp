// `oiis forecast batch [--data DIR] [--store URL] --horizon H [--level daily|weekly]
//  [--method M] [--json] [--threads N]` forecasts every SKU's demand from the store and writes
// DATA/forecasts/forecast-<level>-<data date>.json; `oiis forecast backtest --holdout N
//  [--level weekly]` holds out the last N periods and prints WAPE, MASE and interval coverage
// for all SKUs and for A-class ones (services/forecast_batch.h).
//
// `oiis forecast hierarchy [--level weekly] [--horizon H] [--reconcile mint|wls|wls-struct|ols|
//  bottom-up] [--holdout N]` forecasts SKUs, categories and the total so that they add up and
//  writes DATA/forecasts/forecast-hierarchy-<level>-<data date>.json; with --holdout it
//  backtests every reconciliation per level instead (services/forecast_hierarchy.h).
// `oiis forecast file` (M4-layout files): forecast_file_command.cpp.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "common/progress.h"
#include "common/time.h"
#include "forecast/forecast.h"
#include "forecast/metrics.h"
#include "services/forecast_backtest.h"
#include "services/forecast_hierarchy.h"

namespace oiis::cli {
namespace {

namespace fc = oiis::forecast;

// ---- store-backed: batch and backtest

struct StoreForecastArgs {
  StoreArgs store;
  int horizon = 28;
  int holdout = 13;
  std::string level = "daily";
  std::string method;  // empty: the level's default (default_store_method)
  int season = 0;
  int threads = 0;
  int history = -1;
  int top = 100;        // backtest: size of the top-by-revenue group
  std::string loss = "squared";  // the global model's loss
  std::string as_of;    // YYYY-MM-DD: history before this day
  bool json = false;
  bool no_censor = false;
  bool no_pooled_season = false;
  bool no_price_plan = false;
  bool by_location = false;
  std::string ground_truth;  // backtest: the generator's ground-truth directory (scoring only)
};

void print_caveats(const std::vector<std::string>& caveats) {
  for (const auto& c : caveats) std::printf("note: %s\n", c.c_str());
}


// Parses --level/--method and reads the demand series; errors are printed.
Result<DemandSet> load_demand(const StoreForecastArgs& a, services::BatchOptions& batch) {
  const auto level = parse_level(a.level);
  if (!level) return invalid_argument("level must be daily or weekly", "--level");
  const std::string method = a.method.empty() ? services::default_store_method(*level) : a.method;
  const auto parsed = services::parse_batch_method(method, batch);
  if (!parsed) return invalid_argument("unknown method '" + method + "'", "--method");
  batch = *parsed;
  const bool global = batch.model != services::BatchOptions::Model::kUnivariate;
  if (global && *level != DemandLevel::kWeekly)
    return invalid_argument(method + " needs --level weekly", "--method");
  if (a.loss != "squared" && a.loss != "absolute")
    return invalid_argument("loss must be squared or absolute", "--loss");
  batch.global_loss =
      a.loss == "absolute" ? forecast::GlobalLoss::kAbsolute : forecast::GlobalLoss::kSquared;
  batch.season_length = a.season;
  batch.threads = a.threads;
  batch.max_history = a.history;
  batch.pooled_season = !a.no_pooled_season;
  batch.price_plan = !a.no_price_plan;
  DemandOptions options;
  if (!a.as_of.empty()) {
    auto day = parse_date(a.as_of);
    if (!day) return invalid_argument("expected YYYY-MM-DD", "--as-of");
    options.as_of = *day;
  }
  auto store = open_store_or_report(a.store);
  if (!store) return failed_precondition("cannot open the store");
  options.level = *level;
  options.censor_stockouts = !a.no_censor;
  options.prices = global;
  options.plan_periods = global ? batch.horizon : 0;
  options.by_location = a.by_location;
  return build_demand(*store, options);
}

int run_batch(const StoreForecastArgs& a) {
  services::BatchOptions batch;
  batch.horizon = a.horizon;
  auto demand = load_demand(a, batch);
  if (!demand) return fail(demand.status());
  TerminalProgressBar bar("forecast");
  const services::BatchResult r = services::forecast_demand(*demand, batch, &bar);
  const std::string dir = (std::filesystem::path(a.store.data_dir) / "forecasts").string();
  auto path = services::write_artefact(r, *demand, dir);
  if (!path) return fail(path.status());
  long failed = 0;
  std::map<std::string, long> models;
  for (const auto& item : r.items) {
    if (!item.status.is_ok())
      ++failed;
    else
      ++models[item.forecast.model.substr(0, item.forecast.model.find('('))];
  }
  if (a.json) {
    nlohmann::ordered_json j = {{"artefact", *path},
                                {"skus", r.items.size()},
                                {"failed", failed},
                                {"level", std::string(level_name(r.level))},
                                {"horizon", r.horizon},
                                {"method", r.method},
                                {"data_date", format_date(r.data_date)},
                                {"seconds", r.seconds},
                                {"models", models},
                                {"caveats", demand_caveats(*demand)}};
    std::cout << j.dump(2) << "\n";
    return failed ? 1 : 0;
  }
  std::printf("%zu SKUs, %s, horizon %d, method %s, data up to %s: %.2f s\n", r.items.size(),
              std::string(level_name(r.level)).c_str(), r.horizon, r.method.c_str(),
              format_date(r.data_date).c_str(), r.seconds);
  for (const auto& [model, n] : models) std::printf("  %-24s %ld\n", model.c_str(), n);
  if (failed) std::printf("  failed: %ld\n", failed);
  print_caveats(demand_caveats(*demand));
  std::printf("written: %s\n", path->c_str());
  return failed ? 1 : 0;
}

void print_accuracy(const char* label, const services::Accuracy& x) {
  std::printf("%-22s %6ld %8.4f %9.4f %8.3f %7.3f %7.3f %6.3f\n", label, x.series, 1 - x.wape,
              x.wape, x.mase, x.coverage80, x.coverage95, x.forecast_units / x.actual_units);
}

int run_backtest(const StoreForecastArgs& a) {
  services::BacktestOptions options;
  auto demand = load_demand(a, options.batch);
  if (!demand) return fail(demand.status());
  options.holdout = a.holdout;
  options.top = a.top;
  if (!a.ground_truth.empty()) {
    auto lost =
        services::read_lost_sales((std::filesystem::path(a.ground_truth) / "stockouts.csv").string());
    if (!lost) return fail(lost.status());
    options.lost_units = services::lost_on_grid(*demand, *lost);
  }
  TerminalProgressBar bar("backtest");
  auto r = services::backtest(*demand, options, &bar);
  if (!r) return fail(r.status());
  if (a.json) return std::cout << services::to_json(*r).dump(2) << "\n", 0;
  std::printf("%s backtest, holdout %d periods from %s, method %s (%.1f s)\n",
              std::string(level_name(r->level)).c_str(), r->holdout,
              format_date(r->holdout_start).c_str(), r->method.c_str(), r->seconds);
  std::printf("%-22s %6s %8s %9s %8s %7s %7s %6s\n", "group", "SKUs", "1-WAPE", "WAPE", "MASE",
              "cov80", "cov95", "f/a");
  print_accuracy("all", r->all);
  print_accuracy("A-class", r->a_class);
  print_accuracy("all, uncensored", r->all_uncensored);
  print_accuracy("A-class, uncensored", r->a_class_uncensored);
  if (r->all_true.series) {
    print_accuracy("all, true demand", r->all_true);
    print_accuracy("A-class, true demand", r->a_class_true);
  }
  const std::string top = "top " + std::to_string(r->top_n) + " by revenue";
  print_accuracy(top.c_str(), r->top);
  std::printf("baselines (same points)\n");
  for (const auto& b : r->baselines) {
    print_accuracy((b.name + ", all").c_str(), b.all);
    print_accuracy((b.name + ", A-class").c_str(), b.a_class);
    print_accuracy((b.name + ", top").c_str(), b.top);
  }
  std::printf("models:");
  for (const auto& [model, n] : r->models) std::printf(" %s %ld;", model.c_str(), n);
  std::printf("\n");
  print_caveats(r->caveats);
  return 0;
}

void add_store_forecast_options(CLI::App& cmd, StoreForecastArgs& a) {
  add_store_options(cmd, a.store);
  cmd.add_option("--level", a.level, "daily or weekly demand")->capture_default_str();
  cmd.add_option("--loss", a.loss,
                 "gbm: squared (mean) or absolute (median: minimises WAPE's absolute error)")
      ->capture_default_str();
  cmd.add_option("--as-of", a.as_of, "use history before this date (YYYY-MM-DD; default: all)");
  cmd.add_option(
         "--method", a.method,
         "auto naive snaive naive2 ma ses holt damped comb ets theta otm croston sba tsb mstl "
         "arima prophet; gbm (one gradient-boosted model over all SKUs, weekly), mlp (one "
         "neural net over all SKUs, weekly); gbm+METHOD, mlp+METHOD (mean of both). "
         "Default: gbm weekly, auto daily");
  cmd.add_option("--season", a.season, "seasonal period (default: 7 daily, 52 weekly)");
  cmd.add_option("--threads", a.threads, "worker threads (default: all cores)");
  cmd.add_option("--history", a.history,
                 "most recent periods the model sees (default: 364 daily, all weekly; 0 = all)");
  cmd.add_flag("--json", a.json, "print JSON");
  cmd.add_flag("--no-censor", a.no_censor, "keep stock-out days as recorded (zeros)");
  cmd.add_flag("--no-pooled-season", a.no_pooled_season,
               "weekly: don't apply each category's yearly profile (from its total) to its SKUs");
  cmd.add_flag("--by-location", a.by_location,
               "one series per SKU and stock location (SKU@LOCATION) instead of per SKU");
  cmd.add_flag("--no-price-plan", a.no_price_plan,
               "gbm: don't read the horizon's price plan (price changes dated after the history)");
}

// ---- hierarchy: SKU -> category -> total, reconciled (services/forecast_hierarchy.h)

struct HierarchyArgs {
  StoreForecastArgs store;
  std::string reconcile = "mint";
  int residuals = 0;
  int holdout = 0;  // > 0: backtest every reconciliation instead of forecasting
  bool keep_negative = false;
};

double horizon_sum(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum;
}

int print_hierarchy_backtest(const HierarchyArgs& a, const DemandSet& demand,
                             const services::HierarchyOptions& options) {
  TerminalProgressBar bar("hierarchy backtest");
  auto r = services::backtest_hierarchy(demand, options, a.holdout, &bar);
  if (!r) return fail(r.status());
  if (a.store.json) return std::cout << services::to_json(*r).dump(2) << "\n", 0;
  std::printf(
      "%s hierarchy backtest, holdout %d periods from %s, engine %s, MinT lambda %.3f "
      "(%.1f s, reconciliation %.3f s)\n",
      std::string(level_name(r->level)).c_str(), r->holdout,
      format_date(r->holdout_start).c_str(), r->engine_method.c_str(), r->shrinkage, r->seconds,
      r->reconcile_seconds);
  std::printf("%-12s %10s %10s %10s   %s\n", "method", "WAPE total", "category", "sku",
              "cov80 / cov95 (total, category, sku)");
  for (const auto& [name, levels] : r->methods) {
    std::printf("%-12s", name.c_str());
    for (const auto& [level, s] : levels) std::printf(" %10.4f", s.wape);
    std::printf("  ");
    for (const auto& [level, s] : levels) std::printf(" %.2f/%.2f", s.coverage80, s.coverage95);
    std::printf("\n");
  }
  return 0;
}

int run_hierarchy(const HierarchyArgs& a) {
  const auto method = fc::parse_reconciliation(a.reconcile);
  if (!method)
    return fail(invalid_argument(
        "--reconcile must be bottom-up, ols, wls-struct, wls or mint", "--reconcile"));
  services::HierarchyOptions options;
  options.method = *method;
  options.residual_periods = a.residuals;
  options.non_negative = !a.keep_negative;
  auto demand = load_demand(a.store, options.batch);
  if (!demand) return fail(demand.status());
  if (a.holdout > 0) return print_hierarchy_backtest(a, *demand, options);
  options.batch.horizon = a.store.horizon > 0                            ? a.store.horizon
                          : demand->level == DemandLevel::kWeekly ? 13
                                                                         : 28;
  TerminalProgressBar bar("hierarchy");
  auto f = services::forecast_hierarchy(*demand, options, &bar);
  if (!f) return fail(f.status());
  const std::string dir = (std::filesystem::path(a.store.store.data_dir) / "forecasts").string();
  auto path = services::write_artefact(*f, *demand, dir);
  if (!path) return fail(path.status());
  long failed = 0;
  for (const Status& s : f->status) failed += !s.is_ok();
  if (a.store.json) {
    nlohmann::ordered_json j = {
        {"artefact", *path},
        {"skus", f->tree.bottom_count()},
        {"aggregates", f->tree.aggregate_count()},
        {"failed", failed},
        {"level", std::string(level_name(f->level))},
        {"horizon", f->horizon},
        {"method", f->engine_method},
        {"reconciliation", f->reconciliation},
        {"shrinkage", f->shrinkage},
        {"data_date", format_date(f->data_date)},
        {"seconds", f->seconds},
        {"total", {{"base", f->base[0].mean}, {"mean", f->reconciled[0].mean}}}};
    std::cout << j.dump(2) << "\n";
    return failed ? 1 : 0;
  }
  std::printf(
      "%d SKUs, %d aggregates, %s, horizon %d, engine %s, reconciled %s (lambda %.3f), "
      "data up to %s: %.2f s\n",
      f->tree.bottom_count(), f->tree.aggregate_count(),
      std::string(level_name(f->level)).c_str(), f->horizon, f->engine_method.c_str(),
      f->reconciliation.c_str(), f->shrinkage, format_date(f->data_date).c_str(), f->seconds);
  std::printf("%-28s %14s %14s   (units over the horizon)\n", "node", "base", "reconciled");
  for (int i = 0; i < f->tree.aggregate_count(); ++i)
    std::printf("%-28s %14.1f %14.1f\n", f->tree.node(i).name.c_str(), horizon_sum(f->base[i].mean),
                horizon_sum(f->reconciled[i].mean));
  if (failed) std::printf("  failed: %ld\n", failed);
  std::printf("written: %s\n", path->c_str());
  return failed ? 1 : 0;
}

}  // namespace

void add_forecast_command(CLI::App& app, int& exit_code) {
  CLI::App* group = app.add_subcommand("forecast", "Forecast time series");
  group->require_subcommand(1);
  add_forecast_file_command(*group, exit_code);

  auto store_args = std::make_shared<StoreForecastArgs>();
  CLI::App* batch = group->add_subcommand(
      "batch", "Forecast every SKU's demand from the store; writes DATA/forecasts/*.json");
  add_store_forecast_options(*batch, *store_args);
  batch->add_option("--horizon,-H", store_args->horizon, "periods to forecast")
      ->required()
      ->check(CLI::Range(1, 100000));
  batch->callback([store_args, &exit_code] { exit_code = run_batch(*store_args); });
  auto bt_args = std::make_shared<StoreForecastArgs>();
  bt_args->level = "weekly";  // the accuracy bar is stated on weekly demand
  CLI::App* bt = group->add_subcommand(
      "backtest",
      "Hold out the last N periods of store demand; WAPE, MASE, coverage (all, A-class)");
  add_store_forecast_options(*bt, *bt_args);
  bt->add_option("--ground-truth", bt_args->ground_truth,
                 "generator ground-truth dir: also score against true demand (sales + lost units "
                 "from stockouts.csv)");
  bt->add_option("--top", bt_args->top, "also score the top N SKUs by training revenue")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  bt->add_option("--holdout", bt_args->holdout, "periods held out")
      ->required()
      ->check(CLI::Range(1, 100000));
  bt->callback([bt_args, &exit_code] { exit_code = run_backtest(*bt_args); });
  auto h_args = std::make_shared<HierarchyArgs>();
  h_args->store.horizon = 0;
  CLI::App* hierarchy =
      group->add_subcommand("hierarchy",
                            "SKU, category and total forecasts that add up; writes "
                            "DATA/forecasts/forecast-hierarchy-*.json "
                            "(--holdout N: backtest every reconciliation instead)");
  add_store_forecast_options(*hierarchy, h_args->store);
  hierarchy
      ->add_option("--horizon,-H", h_args->store.horizon,
                   "periods to forecast (default 28 daily, 13 weekly)")
      ->check(CLI::Range(1, 100000));
  hierarchy
      ->add_option("--reconcile", h_args->reconcile,
                   "bottom-up, ols, wls-struct (by SKU count), wls (by residual variance) or "
                   "mint (shrunk residual covariance)")
      ->capture_default_str();
  hierarchy
      ->add_option("--residuals", h_args->residuals,
                   "wls/mint: backtest periods whose errors weigh the levels (default 13 "
                   "weekly, 28 daily)")
      ->check(CLI::Range(2, 100000));
  hierarchy
      ->add_option("--holdout", h_args->holdout,
                   "backtest: hold out N periods and print WAPE per level for base, "
                   "bottom-up and every reconciliation")
      ->check(CLI::Range(1, 100000));
  hierarchy->add_flag("--keep-negative", h_args->keep_negative,
                      "don't clip reconciled SKU forecasts at zero");
  hierarchy->callback([h_args, &exit_code] { exit_code = run_hierarchy(*h_args); });
}

}  // namespace oiis::cli
