// `oiis forecast file TRAIN.csv --horizon H --season M [--test TEST.csv] [--method LIST|all]
//  [--json] [--threads N] [--limit N] [--intervals] [--season2 M2] [--save-forecasts DIR]`
// Forecasts every series of an M4-layout CSV (header row; "id","v1","v2",... ragged). Without
// --test it prints the forecasts of the first method in the same layout ("id","F1".."FH");
// with --test it scores each method (M4 sMAPE, MASE with period M, OWA against Naive2) and
// prints a table, or with --json exactly {"methods": {"<m>": {"smape", "mase", "owa"}}}.
//
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
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "common/progress.h"
#include "common/time.h"
#include "forecast/forecast.h"
#include "forecast/m4_format.h"
#include "forecast/metrics.h"
#include "services/forecast_backtest.h"
#include "services/forecast_hierarchy.h"

namespace oiis::cli {
namespace {

namespace fc = oiis::forecast;

struct FileArgs {
  std::string train_path, test_path;
  int horizon = 0;
  int season = 1;
  int season2 = -1;
  std::string methods = "auto";
  bool json = false;
  bool intervals = false;
  int threads = 0;
  int limit = 0;
  int combine = 3;
  std::string save_dir;  // with --test: each method's forecasts as DIR/<method>.csv
};

Result<std::vector<fc::NamedSeries>> read_m4(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot open " + path, path);
  std::ostringstream text;
  text << in.rdbuf();
  return fc::parse_m4_wide(text.str());
}

Result<std::vector<fc::Method>> parse_method_list(const std::string& list) {
  std::vector<fc::Method> out;
  if (list == "all") {
    out.push_back(fc::Method::kAuto);
    for (fc::Method m : fc::all_methods()) out.push_back(m);
    return out;
  }
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    const auto m = fc::parse_method(name);
    if (!m) return invalid_argument("unknown method '" + name + "'", "--method");
    out.push_back(*m);
  }
  if (out.empty()) return invalid_argument("no method given", "--method");
  return out;
}

// CPU time of the calling thread: per-core cost, unaffected by other load on the machine.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Per method and series: the forecast and the CPU seconds it took.
struct Cell {
  fc::Forecast forecast;
  double seconds = 0;
  bool ok = false;
};

// Forecasts series [0, n) with every method on `threads` workers; rows[i][k] is series i,
// method k. The main thread only draws the progress bar.
std::vector<std::vector<Cell>> run_all(const std::vector<fc::NamedSeries>& series,
                                       const std::vector<fc::Method>& methods,
                                       const FileArgs& args) {
  std::vector<std::vector<Cell>> rows(series.size(), std::vector<Cell>(methods.size()));
  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < series.size();) {
      for (size_t k = 0; k < methods.size(); ++k) {
        fc::ForecastOptions opt;
        opt.horizon = args.horizon;
        opt.season_length = args.season;
        opt.season_length2 = args.season2;
        opt.method = methods[k];
        opt.intervals = args.intervals;
        opt.combine_top = args.combine;
        const double start = thread_cpu_seconds();
        Result<fc::Forecast> f = fc::forecast(series[i].values, opt);
        Cell& cell = rows[i][k];
        cell.seconds = thread_cpu_seconds() - start;
        cell.ok = f.is_ok();
        if (f) cell.forecast = std::move(f).value();
      }
      done.fetch_add(1);
    }
  };
  int threads =
      args.threads > 0 ? args.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, std::min<int>(threads, static_cast<int>(series.size())));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  TerminalProgressBar bar("forecast");
  while (done.load() < series.size()) {
    bar.update(static_cast<std::int64_t>(done.load()), static_cast<std::int64_t>(series.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& t : pool) t.join();
  bar.update(static_cast<std::int64_t>(series.size()), static_cast<std::int64_t>(series.size()));
  bar.finish();
  return rows;
}

// The forecasts of method column `k` in the M4 layout ("id","F1".."FH").
void print_forecasts(std::FILE* out, const std::vector<fc::NamedSeries>& series,
                     const std::vector<std::vector<Cell>>& rows, size_t k, int horizon) {
  std::fprintf(out, "\"id\"");
  for (int i = 1; i <= horizon; ++i) std::fprintf(out, ",\"F%d\"", i);
  std::fprintf(out, "\n");
  for (size_t s = 0; s < series.size(); ++s) {
    std::fprintf(out, "\"%s\"", series[s].id.c_str());
    for (double v : rows[s][k].forecast.mean) std::fprintf(out, ",%.10g", v);
    std::fprintf(out, "\n");
  }
}

// --save-forecasts: DIR/<method>.csv per method, for scoring combinations offline.
Status save_forecasts(const std::string& dir, const std::vector<fc::NamedSeries>& series,
                      const std::vector<std::vector<Cell>>& rows,
                      const std::vector<fc::Method>& methods, int horizon) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (size_t k = 0; k < methods.size(); ++k) {
    const std::string path =
        (std::filesystem::path(dir) / (std::string(fc::method_name(methods[k])) + ".csv")).string();
    std::FILE* out = std::fopen(path.c_str(), "w");
    if (!out) return invalid_argument("cannot write " + path, "--save-forecasts");
    print_forecasts(out, series, rows, k, horizon);
    std::fclose(out);
  }
  return Status::ok();
}

struct Score {
  fc::MeanAccumulator smape, mase, coverage95;
  double seconds = 0;
};

int evaluate(const FileArgs& args, const std::vector<fc::NamedSeries>& train,
             std::vector<fc::Method> methods) {
  auto test = read_m4(args.test_path);
  if (!test) return fail(test.status());
  std::map<std::string, const std::vector<double>*> actual;
  for (const auto& t : *test) actual[t.id] = &t.values;
  for (const auto& s : train) {
    auto it = actual.find(s.id);
    if (it == actual.end() || static_cast<int>(it->second->size()) < args.horizon) {
      std::cerr << "error: test file has no " << args.horizon << " values for series "
                << s.id << "\n";
      return 1;
    }
  }
  const size_t shown = methods.size();
  size_t naive2_index =
      std::find(methods.begin(), methods.end(), fc::Method::kNaive2) - methods.begin();
  if (naive2_index == methods.size()) methods.push_back(fc::Method::kNaive2);  // OWA reference

  const auto rows = run_all(train, methods, args);
  if (!args.save_dir.empty()) {
    if (Status st = save_forecasts(args.save_dir, train, rows, methods, args.horizon); !st.is_ok())
      return fail(st);
  }
  std::vector<Score> scores(methods.size());
  for (size_t s = 0; s < train.size(); ++s) {
    const std::span<const double> y = *actual[train[s].id];
    const std::span<const double> act = y.first(args.horizon);
    for (size_t k = 0; k < methods.size(); ++k) {
      const Cell& c = rows[s][k];
      scores[k].seconds += c.seconds;
      if (!c.ok) continue;
      scores[k].smape.add(fc::smape(act, c.forecast.mean));
      scores[k].mase.add(fc::mase(train[s].values, act, c.forecast.mean, args.season));
      if (!c.forecast.lo95.empty()) {
        scores[k].coverage95.add(fc::coverage(act, c.forecast.lo95, c.forecast.hi95));
      }
    }
  }
  const Score& ref = scores[naive2_index];
  nlohmann::ordered_json json;
  json["methods"] = nlohmann::ordered_json::object();
  if (!args.json) {
    std::printf("%-8s %9s %9s %8s %8s %12s\n", "method", "sMAPE", "MASE", "OWA", "cov95",
                "cpu ms/series");
  }
  for (size_t k = 0; k < shown; ++k) {
    const Score& sc = scores[k];
    const double owa = fc::owa(sc.smape.mean(), sc.mase.mean(), ref.smape.mean(), ref.mase.mean());
    const std::string name(fc::method_name(methods[k]));
    if (args.json) {
      json["methods"][name] = {{"smape", sc.smape.mean()}, {"mase", sc.mase.mean()}, {"owa", owa}};
    } else {
      std::printf("%-8s %9.3f %9.3f %8.3f %8.3f %12.3f\n", name.c_str(), sc.smape.mean(),
                  sc.mase.mean(), owa, sc.coverage95.mean(),
                  1000 * sc.seconds / static_cast<double>(train.size()));
    }
  }
  if (args.json) std::cout << json.dump() << "\n";
  return 0;
}

int run_file(const FileArgs& args) {
  auto methods = parse_method_list(args.methods);
  if (!methods) return fail(methods.status());
  auto train = read_m4(args.train_path);
  if (!train) return fail(train.status());
  if (args.limit > 0 && train->size() > static_cast<size_t>(args.limit)) {
    train->resize(args.limit);
  }
  if (!args.test_path.empty()) return evaluate(args, *train, *methods);
  const auto rows = run_all(*train, {methods->front()}, args);
  print_forecasts(stdout, *train, rows, 0, args.horizon);
  return 0;
}

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
  auto args = std::make_shared<FileArgs>();
  CLI::App* file = group->add_subcommand(
      "file", "Forecast every series of an M4-layout CSV; score them against --test");
  file->add_option("train", args->train_path, "training series, M4 wide CSV")->required();
  file->add_option("--horizon,-H", args->horizon, "steps to forecast")
      ->required()
      ->check(CLI::Range(1, 100000));
  file->add_option("--season,-m", args->season,
                   "seasonal period m (1 none, 24 hourly); also MASE's scaling period")
      ->check(CLI::Range(1, 100000));
  file->add_option("--season2", args->season2,
                   "second seasonal period for multi-seasonal models (default: 168 when m=24; 52 "
                   "when m=1 and the series shows a yearly cycle at lag 52; 0 = none)");
  file->add_option("--test", args->test_path, "actual future values, M4 wide CSV");
  file->add_option("--method", args->methods,
                   "comma-separated: auto naive snaive naive2 ma ses holt damped comb ets "
                   "theta otm croston sba tsb mstl arima, or all");
  file->add_flag("--json", args->json, "with --test: scores as JSON");
  file->add_flag("--intervals", args->intervals, "also compute 80/95% intervals (coverage)");
  file->add_option("--threads", args->threads, "worker threads (default: all cores)");
  file->add_option("--limit", args->limit, "only the first N series");
  file->add_option("--combine", args->combine, "auto: at most this many candidates in the mean")
      ->check(CLI::Range(1, 16));
  file->add_option("--save-forecasts", args->save_dir,
                   "with --test: write each method's forecasts to DIR/<method>.csv");
  file->callback([args, &exit_code] { exit_code = run_file(*args); });

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
