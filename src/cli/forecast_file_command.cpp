// `oiis forecast file TRAIN.csv --horizon H --season M [--test TEST.csv] [--method LIST|all]
//  [--json] [--threads N] [--limit N] [--intervals] [--season2 M2] [--save-forecasts DIR]`
// Forecasts every series of an M4-layout CSV (header row; "id","v1","v2",... ragged). Without
// --test it prints the forecasts of the first method in the same layout ("id","F1".."FH");
// with --test it scores each method (M4 sMAPE, MASE with period M, OWA against Naive2) and
// prints a table, or with --json exactly {"methods": {"<m>": {"smape", "mase", "owa"}}}.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "common/parallel.h"
#include "common/progress.h"
#include "forecast/forecast.h"
#include "forecast/m4_format.h"
#include "forecast/metrics.h"

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
// method k (common/parallel.h; the calling thread draws the progress bar).
std::vector<std::vector<Cell>> run_all(const std::vector<fc::NamedSeries>& series,
                                       const std::vector<fc::Method>& methods,
                                       const FileArgs& args) {
  std::vector<std::vector<Cell>> rows(series.size(), std::vector<Cell>(methods.size()));
  TerminalProgressBar bar("forecast");
  parallel_for_each_index(
      series.size(),
      [&](std::size_t i) {
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
      },
      {.threads = args.threads, .progress = &bar});
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

}  // namespace

void add_forecast_file_command(CLI::App& group, int& exit_code) {
  auto args = std::make_shared<FileArgs>();
  CLI::App* file = group.add_subcommand(
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

}

}  // namespace oiis::cli
