#include "services/forecast_backtest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>

#include "common/stopwatch.h"
#include "common/time.h"
#include "forecast/metrics.h"
#include "inventory/inventory.h"

namespace oiis::services {
namespace {

namespace fc = oiis::forecast;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Pooled accuracy of one group of series.
struct Scorer {
  double abs_error = 0, actual = 0, forecast = 0;
  long points = 0, in80 = 0, in95 = 0, series = 0;
  fc::MeanAccumulator mase;

  void add(std::span<const double> insample, const std::vector<double>& actual_values,
           const fc::Forecast& f, const std::vector<bool>& use, int m) {
    std::vector<double> a, pred;
    for (std::size_t h = 0; h < actual_values.size(); ++h) {
      if (!use[h]) continue;
      const double y = actual_values[h];
      abs_error += std::abs(y - f.mean[h]);
      actual += std::abs(y);
      forecast += f.mean[h];
      in80 += !f.lo80.empty() && y >= f.lo80[h] && y <= f.hi80[h];
      in95 += !f.lo95.empty() && y >= f.lo95[h] && y <= f.hi95[h];
      ++points;
      a.push_back(y);
      pred.push_back(f.mean[h]);
    }
    if (a.empty()) return;
    ++series;
    mase.add(fc::mase(insample, a, pred, m));
  }
  Accuracy result() const {
    Accuracy r;
    r.series = series;
    r.points = points;
    r.actual_units = actual;
    r.forecast_units = forecast;
    r.wape = actual > 0 ? abs_error / actual : kNaN;
    r.mase = mase.mean();
    r.coverage80 = points ? static_cast<double>(in80) / points : kNaN;
    r.coverage95 = points ? static_cast<double>(in95) / points : kNaN;
    return r;
  }
};

std::string model_family(const std::string& model) {
  return model.substr(0, model.find('('));
}

nlohmann::json accuracy_json(const Accuracy& a) {
  return {{"series", a.series},
          {"points", a.points},
          {"actual_units", a.actual_units},
          {"forecast_units", a.forecast_units},
          {"wape", a.wape},
          {"one_minus_wape", 1 - a.wape},
          {"mase", a.mase},
          {"coverage80", a.coverage80},
          {"coverage95", a.coverage95}};
}

}  // namespace

std::vector<BaselineRule> baselines(DemandLevel level) {
  if (level == DemandLevel::kWeekly) return {{"naive", 1}, {"mean_4", 4}, {"mean_8", 8}};
  return {{"naive", 1}, {"mean_28", 28}, {"mean_56", 56}};
}

std::vector<double> baseline_forecast(std::span<const double> history, const BaselineRule& rule,
                                      int horizon) {
  double sum = 0;
  int seen = 0;
  for (auto it = history.rbegin(); it != history.rend() && seen < rule.window; ++it)
    if (std::isfinite(*it)) {
      sum += *it;
      ++seen;
    }
  return std::vector<double>(horizon, seen ? sum / seen : 0.0);
}

namespace {

// The groups a backtest reports, each scored by every forecaster on the same points.
struct Groups {
  std::vector<char> abc;   // per series, by training-window revenue
  std::vector<bool> top;   // per series: among the top-N by training-window revenue
};

Result<Groups> training_groups(const DemandSet& demand, int train_end,
                               const BacktestOptions& options) {
  // By revenue in the training window only: the holdout must not pick the groups.
  std::vector<double> revenue;
  for (const auto& s : demand.series)
    revenue.push_back(std::accumulate(s.revenue.begin(), s.revenue.begin() + train_end, 0.0));
  inventory::ClassificationConfig classes;
  classes.a_share = options.a_share;
  auto abc = inventory::classify_abc(revenue, classes);
  if (!abc) return abc.status();
  Groups g{std::move(abc).value(), std::vector<bool>(revenue.size(), false)};
  std::vector<std::size_t> order(revenue.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return revenue[x] > revenue[y]; });
  for (std::size_t k = 0; k < order.size() && static_cast<int>(k) < options.top; ++k)
    g.top[order[k]] = true;
  return g;
}

// One forecaster's scores over all series, the A class and the top group.
struct GroupScorer {
  Scorer all, a_class, top;
  void add(std::span<const double> insample, const std::vector<double>& actual,
           const fc::Forecast& f, const std::vector<bool>& use, int m, char cls, bool in_top) {
    all.add(insample, actual, f, use, m);
    if (cls == 'A') a_class.add(insample, actual, f, use, m);
    if (in_top) top.add(insample, actual, f, use, m);
  }
};

// Scores every baseline on the same series and points as the model.
std::vector<BacktestReport::Baseline> score_baselines(const DemandSet& demand, int train_end,
                                                      int holdout, const Groups& g,
                                                      const std::vector<SkuForecast>& items) {
  const int m = demand.level == DemandLevel::kWeekly ? 1 : 7;
  std::vector<BacktestReport::Baseline> out;
  for (const BaselineRule& rule : baselines(demand.level)) {
    GroupScorer score;
    for (std::size_t i = 0; i < demand.series.size(); ++i) {
      if (!items[i].status.is_ok()) continue;
      const DemandSeries& s = demand.series[i];
      fc::Forecast f;
      f.mean = baseline_forecast(model_input(s, holdout), rule, holdout);
      const std::vector<double> actual(s.sales.begin() + train_end, s.sales.end());
      const std::vector<double> insample(s.sales.begin() + std::min(s.first, train_end),
                                         s.sales.begin() + train_end);
      score.add(insample, actual, f, std::vector<bool>(actual.size(), true), m, g.abc[i], g.top[i]);
    }
    out.push_back({rule.name, score.all.result(), score.a_class.result(), score.top.result()});
  }
  return out;
}

}  // namespace

Result<BacktestReport> backtest(const DemandSet& demand, const BacktestOptions& options,
                                ProgressSink* progress) {
  if (options.holdout < 1) return invalid_argument("holdout must be >= 1", "holdout");
  if (options.holdout >= demand.periods)
    return invalid_argument(
        "holdout leaves no history (" + std::to_string(demand.periods) + " periods)", "holdout");
  if (options.top < 1) return invalid_argument("top must be >= 1", "top");
  if (!options.lost_units.empty() && options.lost_units.size() != demand.series.size())
    return invalid_argument("needs one row per series", "lost_units");
  const Stopwatch clock;
  const int train_end = demand.periods - options.holdout;
  BatchOptions batch = options.batch;
  batch.horizon = options.holdout;
  const std::vector<SkuForecast> items = forecast_skus(demand, batch, options.holdout, progress);
  auto groups = training_groups(demand, train_end, options);
  if (!groups) return groups.status();

  const int m = demand.level == DemandLevel::kWeekly ? 1 : 7;  // MASE scaling period
  GroupScorer model, uncensored_only, truth;
  std::map<std::string, long> models;
  for (std::size_t i = 0; i < demand.series.size(); ++i) {
    const DemandSeries& s = demand.series[i];
    if (!items[i].status.is_ok()) continue;
    const fc::Forecast& f = items[i].forecast;
    ++models[model_family(f.model)];
    const std::vector<double> actual(s.sales.begin() + train_end, s.sales.end());
    const std::vector<double> insample(s.sales.begin() + std::min(s.first, train_end),
                                       s.sales.begin() + train_end);
    std::vector<bool> every(actual.size(), true), uncensored(actual.size());
    for (std::size_t h = 0; h < actual.size(); ++h) uncensored[h] = s.censored[train_end + h] == 0;
    const char cls = groups->abc[i];
    model.add(insample, actual, f, every, m, cls, groups->top[i]);
    uncensored_only.add(insample, actual, f, uncensored, m, cls, false);
    if (options.lost_units.empty()) continue;
    std::vector<double> demanded = actual;
    for (std::size_t h = 0; h < actual.size(); ++h)
      demanded[h] += options.lost_units[i][train_end + h];
    truth.add(insample, demanded, f, every, m, cls, false);
  }
  BacktestReport r;
  r.level = demand.level;
  r.holdout = options.holdout;
  r.holdout_start = demand.period_start(train_end);
  r.method = batch_method_name(batch);
  r.all = model.all.result();
  r.a_class = model.a_class.result();
  r.top_n = static_cast<int>(std::count(groups->top.begin(), groups->top.end(), true));
  r.top = model.top.result();
  r.all_uncensored = uncensored_only.all.result();
  r.a_class_uncensored = uncensored_only.a_class.result();
  r.all_true = truth.all.result();
  r.a_class_true = truth.a_class.result();
  r.baselines = score_baselines(demand, train_end, options.holdout, *groups, items);
  r.models.assign(models.begin(), models.end());
  std::sort(r.models.begin(), r.models.end(),
            [](const auto& x, const auto& y) { return x.second > y.second; });
  r.caveats = demand_caveats(demand);
  r.seconds = clock.seconds();
  return r;
}

nlohmann::json to_json(const BacktestReport& r) {
  nlohmann::json models = nlohmann::json::object();
  for (const auto& [name, n] : r.models) models[name] = n;
  nlohmann::json base = nlohmann::json::object();
  for (const auto& b : r.baselines)
    base[b.name] = {{"all", accuracy_json(b.all)},
                    {"a_class", accuracy_json(b.a_class)},
                    {"top", accuracy_json(b.top)}};
  return {{"level", level_name(r.level)},
          {"holdout", r.holdout},
          {"holdout_start", format_date(r.holdout_start)},
          {"method", r.method},
          {"all", accuracy_json(r.all)},
          {"a_class", accuracy_json(r.a_class)},
          {"all_uncensored", accuracy_json(r.all_uncensored)},
          {"a_class_uncensored", accuracy_json(r.a_class_uncensored)},
          {"all_true_demand", r.all_true.series ? accuracy_json(r.all_true) : nlohmann::json()},
          {"a_class_true_demand",
           r.a_class_true.series ? accuracy_json(r.a_class_true) : nlohmann::json()},
          {"top_n", r.top_n},
          {"top", accuracy_json(r.top)},
          {"baselines", std::move(base)},
          {"models", std::move(models)},
          {"caveats", r.caveats},
          {"seconds", r.seconds}};
}

Result<std::vector<LostSales>> read_lost_sales(const std::string& path) {
  std::ifstream in(path);
  if (!in) return not_found("cannot read " + path, "ground_truth");
  auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::size_t from = 0;
    for (std::size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1)
      fields.push_back(line.substr(from, comma - from));
    fields.push_back(line.substr(from));
    return fields;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  auto column = [&](std::string_view name) -> std::ptrdiff_t {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : it - header.begin();
  };
  const std::ptrdiff_t product = column("product_id"), date = column("date"),
                       units = column("lost_units"), location = column("location_id");
  if (product < 0 || date < 0 || units < 0)
    return invalid_argument(path + ": needs columns product_id, date, lost_units", "ground_truth");
  const auto needed = static_cast<std::size_t>(std::max({product, date, units}));
  std::vector<LostSales> out;
  for (long row = 2; std::getline(in, line); ++row) {
    if (line.empty()) continue;
    const std::vector<std::string> f = split(line);
    auto day =
        f.size() > needed ? parse_date(f[date]) : Result<Date>(invalid_argument("short row"));
    char* end = nullptr;
    LostSales x;
    if (day) {
      x.date = *day;
      x.product_id = std::strtoll(f[product].c_str(), &end, 10);
      x.units = std::strtod(f[units].c_str(), &end);
      if (location >= 0 && static_cast<std::size_t>(location) < f.size())
        x.location_id = std::strtoll(f[location].c_str(), &end, 10);
    }
    if (!day || !(x.units >= 0) || x.product_id <= 0)
      return invalid_argument(path + ":" + std::to_string(row) + ": bad row", "ground_truth");
    if (x.units > 0) out.push_back(x);
  }
  return out;
}

std::vector<std::vector<double>> lost_on_grid(const DemandSet& demand,
                                              const std::vector<LostSales>& lost) {
  std::vector<std::vector<double>> out(demand.series.size(),
                                       std::vector<double>(demand.periods, 0.0));
  // Series by (product, location); location 0 = summed over locations, which takes every
  // location's lost units.
  std::map<std::pair<Id, Id>, std::size_t> index;
  for (std::size_t i = 0; i < demand.series.size(); ++i)
    index[{demand.series[i].product_id, demand.series[i].location_id}] = i;
  const int len = period_days(demand.level);
  for (const LostSales& x : lost) {
    auto it = index.find({x.product_id, 0});
    if (it == index.end()) it = index.find({x.product_id, x.location_id});
    const int day = x.date - demand.grid_start;
    if (it == index.end() || day < 0 || day >= demand.periods * len) continue;
    out[it->second][day / len] += x.units;
  }
  return out;
}

}  // namespace oiis::services
