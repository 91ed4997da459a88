#include "services/forecast_hierarchy.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "common/stopwatch.h"
#include "common/time.h"
#include "domain/json.h"
#include "forecast/metrics.h"

namespace oiis::services {
namespace {

namespace fc = oiis::forecast;

// What a node's model is fitted to, per period: the censoring-adjusted value, or the recorded
// sales where a whole period was censored (aggregates are sums of these, so always finite).
double target(const DemandSeries& s, int period) {
  return std::isfinite(s.values[period]) ? s.values[period] : s.sales[period];
}

// The aggregate nodes' series (node order) as a DemandSet on the same grid. Each aggregate is
// its own "category", so the weekly pooled yearly profile of a category node is the one its
// SKUs get, and the total gets its own.
DemandSet aggregate_demand(const DemandSet& demand, const fc::Hierarchy& tree) {
  DemandSet out;
  out.level = demand.level;
  out.grid_start = demand.grid_start;
  out.end_day = demand.end_day;
  out.periods = demand.periods;
  out.series.resize(tree.aggregate_count());
  for (int k = 0; k < tree.aggregate_count(); ++k) {
    DemandSeries& s = out.series[k];
    s.sku = tree.node(k).name;
    s.category = "node " + std::to_string(k);
    s.sales.assign(demand.periods, 0.0);
    s.revenue.assign(demand.periods, 0.0);
    s.values.assign(demand.periods, 0.0);
    s.censored.assign(demand.periods, 0);
    s.first = demand.periods;
  }
  for (int b = 0; b < tree.bottom_count(); ++b) {
    const DemandSeries& sku = demand.series[b];
    for (int k : tree.ancestors(b)) {
      DemandSeries& s = out.series[k];
      s.first = std::min(s.first, sku.first);
      for (int p = 0; p < demand.periods; ++p) {
        s.sales[p] += sku.sales[p];
        s.revenue[p] += sku.revenue[p];
        s.values[p] += target(sku, p);
      }
    }
  }
  return out;
}

// `demand` without its last `drop` periods.
DemandSet truncated(const DemandSet& demand, int drop) {
  DemandSet out = demand;
  out.periods -= drop;
  out.end_day -= drop * period_days(demand.level);
  for (DemandSeries& s : out.series) {
    for (auto* v : {&s.sales, &s.revenue, &s.values}) v->resize(out.periods);
    s.censored.resize(out.periods);
    s.first = std::min(s.first, out.periods);
  }
  return out;
}

// Node i's series: aggregates first, then the SKUs.
const DemandSeries& node_series(const DemandSet& skus, const DemandSet& aggregates,
                                const fc::Hierarchy& tree, int node) {
  return node < tree.aggregate_count() ? aggregates.series[node]
                                       : skus.series[node - tree.aggregate_count()];
}

struct NodeForecasts {
  std::vector<fc::Forecast> forecasts;  // node order
  std::vector<Status> status;
};

// Every node forecast `horizon` periods past the end of `skus`; a failed node gets zeros.
NodeForecasts forecast_nodes(const DemandSet& skus, const DemandSet& aggregates,
                             const fc::Hierarchy& tree, BatchOptions options, int horizon,
                             ProgressSink* progress) {
  options.horizon = horizon;
  const BatchResult bottom = forecast_demand(skus, options, progress);
  const BatchResult upper = forecast_demand(aggregates, options);
  NodeForecasts out;
  for (int i = 0; i < tree.size(); ++i) {
    const SkuForecast& item =
        i < tree.aggregate_count() ? upper.items[i] : bottom.items[i - tree.aggregate_count()];
    out.status.push_back(item.status);
    fc::Forecast f = item.forecast;
    if (!item.status.is_ok()) {
      f = {};
      f.mean.assign(horizon, 0.0);
      if (options.intervals) f.lo80 = f.hi80 = f.lo95 = f.hi95 = f.mean;
      f.model = "Zero";
      f.note = "engine error: " + item.status.to_string();
    }
    out.forecasts.push_back(std::move(f));
  }
  return out;
}

// Base forecasts of every node and, when asked, their errors over the last `residual_periods`
// periods from a refit that many periods earlier (one row per node).
struct Prepared {
  fc::Hierarchy tree;
  NodeForecasts base;
  std::vector<std::vector<double>> residuals;
  // The same errors relative to the forecast they missed (NaN where it was 0).
  std::vector<std::vector<double>> relative_residuals;
  int residual_periods = 0;
};

int residual_window(const DemandSet& demand, const HierarchyOptions& options) {
  return options.residual_periods > 0 ? options.residual_periods
                                      : default_residual_periods(demand.level);
}

bool residuals_fit(const DemandSet& demand, int r) {
  return r >= 2 && r + 2 <= demand.periods;
}

// `r` = 0: no residuals.
Result<Prepared> prepare(const DemandSet& demand, const BatchOptions& batch, int horizon, int r,
                         ProgressSink* progress) {
  auto tree = demand_hierarchy(demand);
  if (!tree) return tree.status();
  Prepared p{std::move(tree).value(), {}, {}, {}, 0};
  const DemandSet aggregates = aggregate_demand(demand, p.tree);
  p.base = forecast_nodes(demand, aggregates, p.tree, batch, horizon, progress);
  if (r == 0) return p;
  p.residual_periods = r;
  const DemandSet past = truncated(demand, r), past_aggregates = truncated(aggregates, r);
  BatchOptions quick = batch;
  quick.intervals = false;
  const NodeForecasts fit = forecast_nodes(past, past_aggregates, p.tree, quick, r, nullptr);
  const int origin = demand.periods - r;
  p.residuals.assign(p.tree.size(), std::vector<double>(r, std::nan("")));
  p.relative_residuals = p.residuals;
  for (int i = 0; i < p.tree.size(); ++i) {
    if (!fit.status[i].is_ok()) continue;
    const DemandSeries& s = node_series(demand, aggregates, p.tree, i);
    for (int t = 0; t < r; ++t) {
      const double forecast = fit.forecasts[i].mean[t];
      p.residuals[i][t] = target(s, origin + t) - forecast;
      if (forecast > 0) p.relative_residuals[i][t] = p.residuals[i][t] / forecast;
    }
  }
  return p;
}

// Aggregate nodes (category, total) widen their bands to cover the relative errors of their
// own base model over the residual window, in proportion to the reconciled mean: an aggregate's
// base `auto` bands come from a few short backtests of a smooth series and covered only a
// third of a holiday quarter's weeks at 80%. SKUs keep their bands.
void widen_aggregate_bands(const Prepared& p, std::vector<fc::Forecast>& forecasts) {
  if (p.relative_residuals.empty()) return;
  for (int i = 0; i < p.tree.aggregate_count(); ++i) {
    fc::Forecast& f = forecasts[i];
    if (f.lo80.empty()) continue;
    const auto& e = p.relative_residuals[i];
    const double lo95 = fc::conformal_quantile(e, 0.025), lo80 = fc::conformal_quantile(e, 0.1),
                 hi80 = fc::conformal_quantile(e, 0.9), hi95 = fc::conformal_quantile(e, 0.975);
    if (!std::isfinite(lo95)) continue;
    for (std::size_t h = 0; h < f.mean.size(); ++h) {
      const double m = f.mean[h];
      if (!(m > 0)) continue;  // relative errors say nothing about a zero (or negative) mean
      f.lo95[h] = std::max(0.0, std::min(f.lo95[h], m * (1 + lo95)));
      f.lo80[h] = std::max(f.lo95[h], std::min(f.lo80[h], m * (1 + lo80)));
      f.hi80[h] = std::max(f.hi80[h], m * (1 + hi80));
      f.hi95[h] = std::max({f.hi95[h], m * (1 + hi95), f.hi80[h]});
    }
  }
}

Json period_starts(const DemandSet& demand, int horizon) {
  Json starts = Json::array();
  for (int h = 0; h < horizon; ++h)
    starts.push_back(format_date(demand.period_start(demand.periods + h)));
  return starts;
}

Json bands_json(const fc::Forecast& f) {
  return {{"mean", f.mean}, {"lo80", f.lo80}, {"hi80", f.hi80}, {"lo95", f.lo95}, {"hi95", f.hi95}};
}

// Pooled |error| and interval hits of one node level.
struct LevelScorer {
  double abs_error = 0, actual = 0;
  long points = 0, in80 = 0, in95 = 0, nodes = 0;
  void add(const std::vector<double>& y, const fc::Forecast& f) {
    ++nodes;
    for (std::size_t h = 0; h < y.size(); ++h) {
      abs_error += std::abs(y[h] - f.mean[h]);
      actual += std::abs(y[h]);
      in80 += !f.lo80.empty() && y[h] >= f.lo80[h] && y[h] <= f.hi80[h];
      in95 += !f.lo95.empty() && y[h] >= f.lo95[h] && y[h] <= f.hi95[h];
      ++points;
    }
  }
  LevelScore result() const {
    const double nan = std::nan("");
    return {nodes, actual, actual > 0 ? abs_error / actual : nan,
            points ? static_cast<double>(in80) / points : nan,
            points ? static_cast<double>(in95) / points : nan};
  }
};

std::vector<std::pair<std::string, LevelScore>> score_levels(
    const fc::Hierarchy& tree, const std::vector<fc::Forecast>& forecasts,
    const std::vector<std::vector<double>>& actual) {
  constexpr std::string_view kLevels[] = {"total", "category", "sku"};
  std::vector<LevelScorer> scorers(std::size(kLevels));
  for (int i = 0; i < tree.size(); ++i) {
    const auto level = node_level(tree, i);
    const auto at = std::find(std::begin(kLevels), std::end(kLevels), level) - std::begin(kLevels);
    scorers[at].add(actual[i], forecasts[i]);
  }
  std::vector<std::pair<std::string, LevelScore>> out;
  for (std::size_t l = 0; l < scorers.size(); ++l)
    out.emplace_back(kLevels[l], scorers[l].result());
  return out;
}

}  // namespace

int default_residual_periods(DemandLevel level) {
  return level == DemandLevel::kWeekly ? 13 : 28;
}

std::string_view node_level(const fc::Hierarchy& tree, int node) {
  if (node >= tree.aggregate_count()) return "sku";
  return tree.node(node).parent < 0 ? "total" : "category";
}

Result<fc::Hierarchy> demand_hierarchy(const DemandSet& demand) {
  std::vector<std::string> skus;
  std::vector<std::vector<std::string>> paths;
  for (const DemandSeries& s : demand.series) {
    skus.push_back(s.key());
    paths.push_back({s.category.empty() ? "(none)" : s.category, "total"});
  }
  return fc::Hierarchy::from_paths(skus, paths);
}

Result<HierarchyForecast> forecast_hierarchy(const DemandSet& demand,
                                             const HierarchyOptions& options,
                                             ProgressSink* progress) {
  const Stopwatch clock;
  fc::ReconcileOptions ro;
  ro.method = options.method;
  int r = fc::needs_residuals(options.method) ? residual_window(demand, options) : 0;
  std::string note;
  if (r > 0 && !residuals_fit(demand, r)) {
    note = std::to_string(demand.periods) + " periods are too few for a residual window of " +
           std::to_string(r) + ": wls-struct used instead of " +
           std::string(fc::reconciliation_name(options.method));
    ro.method = fc::Reconciliation::kWlsStructural;
    r = 0;
  }
  auto prepared = prepare(demand, options.batch, options.batch.horizon, r, progress);
  if (!prepared) return prepared.status();
  Prepared& p = *prepared;
  ro.non_negative = options.non_negative;
  auto reconciled = fc::reconcile(p.tree, p.base.forecasts, p.residuals, ro);
  if (!reconciled) return reconciled.status();
  widen_aggregate_bands(p, reconciled->forecasts);
  HierarchyForecast f;
  f.level = demand.level;
  f.horizon = options.batch.horizon;
  f.engine_method = std::string(fc::method_name(options.batch.method));
  f.reconciliation = std::string(fc::reconciliation_name(ro.method));
  f.note = std::move(note);
  f.shrinkage = reconciled->shrinkage;
  f.residual_periods = p.residual_periods;
  f.data_date = demand.data_date();
  f.created_at = now_utc();
  f.tree = std::move(p.tree);
  f.base = std::move(p.base.forecasts);
  f.status = std::move(p.base.status);
  f.reconciled = std::move(reconciled->forecasts);
  f.seconds = clock.seconds();
  return f;
}

nlohmann::json node_json(const HierarchyForecast& f, int node, const DemandSet& demand) {
  const auto& n = f.tree.node(node);
  Json j = bands_json(f.reconciled[node]);
  j["name"] = n.name;
  j["node_level"] = node_level(f.tree, node);
  j["parent"] = n.parent < 0 ? Json(nullptr) : Json(f.tree.node(n.parent).name);
  j["period_start"] = period_starts(demand, f.horizon);
  j["model"] = f.base[node].model;
  j["note"] = f.base[node].note;
  if (!f.status[node].is_ok()) j["error"] = f.status[node].to_string();
  j["base"] = bands_json(f.base[node]);
  if (node < f.tree.aggregate_count()) {
    Json children = Json::array();
    for (int i = node + 1; i < f.tree.size(); ++i)
      if (f.tree.node(i).parent == node)
        children.push_back({{"name", f.tree.node(i).name}, {"mean", f.reconciled[i].mean}});
    j["children"] = std::move(children);
  }
  return j;
}

nlohmann::json to_json(const HierarchyForecast& f, const DemandSet& demand) {
  Json nodes = Json::array();
  for (int i = 0; i < f.tree.size(); ++i) {
    Json j = node_json(f, i, demand);
    j.erase("children");  // the parent links already say it
    j.erase("period_start");
    nodes.push_back(std::move(j));
  }
  return {{"created_at", format_timestamp(f.created_at)},
          {"data_date", format_date(f.data_date)},
          {"level", level_name(f.level)},
          {"horizon", f.horizon},
          {"method", f.engine_method},
          {"reconciliation", f.reconciliation},
          {"shrinkage", f.shrinkage},
          {"residual_periods", f.residual_periods},
          {"note", f.note},
          {"seconds", f.seconds},
          {"period_start", period_starts(demand, f.horizon)},
          {"nodes", std::move(nodes)}};
}

Result<std::string> write_artefact(const HierarchyForecast& f, const DemandSet& demand,
                                   const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("cannot create " + dir + ": " + ec.message());
  const std::string path =
      (std::filesystem::path(dir) / ("forecast-hierarchy-" + std::string(level_name(f.level)) +
                                     "-" + format_date(f.data_date) + ".json"))
          .string();
  const std::string tmp = path + ".tmp";  // write then rename: readers never see half a file
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << to_json(f, demand).dump() << "\n";
    if (!out) return internal_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return internal_error("cannot rename " + tmp + ": " + ec.message());
  return path;
}

Result<HierarchyBacktest> backtest_hierarchy(const DemandSet& demand,
                                             const HierarchyOptions& options, int holdout,
                                             ProgressSink* progress) {
  if (holdout < 1) return invalid_argument("holdout must be >= 1", "holdout");
  if (holdout + 2 >= demand.periods)
    return invalid_argument(
        "holdout leaves too little history (" + std::to_string(demand.periods) + " periods)",
        "holdout");
  const Stopwatch clock;
  const DemandSet train = truncated(demand, holdout);
  const int window = residual_window(train, options);
  if (!residuals_fit(train, window))
    return invalid_argument("a residual window of " + std::to_string(window) +
                                " periods needs more than " + std::to_string(train.periods) +
                                " training periods",
                            "residual_periods");
  auto prepared = prepare(train, options.batch, holdout, window, progress);
  if (!prepared) return prepared.status();
  const Prepared& p = *prepared;
  // Scored against recorded sales, like the SKU backtest.
  const DemandSet aggregates = aggregate_demand(demand, p.tree);
  std::vector<std::vector<double>> actual;
  for (int i = 0; i < p.tree.size(); ++i) {
    const auto& sales = node_series(demand, aggregates, p.tree, i).sales;
    actual.emplace_back(sales.end() - holdout, sales.end());
  }
  HierarchyBacktest r;
  r.level = demand.level;
  r.holdout = holdout;
  r.holdout_start = demand.period_start(train.periods);
  r.engine_method = std::string(fc::method_name(options.batch.method));
  r.methods.emplace_back("base", score_levels(p.tree, p.base.forecasts, actual));
  const Stopwatch reconcile_clock;
  for (fc::Reconciliation method :
       {fc::Reconciliation::kBottomUp, fc::Reconciliation::kOls, fc::Reconciliation::kWlsStructural,
        fc::Reconciliation::kWlsVariance, fc::Reconciliation::kMintShrink}) {
    fc::ReconcileOptions ro;
    ro.method = method;
    ro.non_negative = options.non_negative;
    auto reconciled = fc::reconcile(p.tree, p.base.forecasts, p.residuals, ro);
    if (!reconciled) return reconciled.status();
    widen_aggregate_bands(p, reconciled->forecasts);
    if (method == fc::Reconciliation::kMintShrink) r.shrinkage = reconciled->shrinkage;
    r.methods.emplace_back(std::string(fc::reconciliation_name(method)),
                           score_levels(p.tree, reconciled->forecasts, actual));
  }
  r.reconcile_seconds = reconcile_clock.seconds();
  r.seconds = clock.seconds();
  return r;
}

nlohmann::json to_json(const HierarchyBacktest& r) {
  Json methods = Json::object();
  for (const auto& [name, levels] : r.methods) {
    Json m = Json::object();
    for (const auto& [level, s] : levels)
      m[level] = {{"nodes", s.nodes},
                  {"actual_units", s.actual_units},
                  {"wape", s.wape},
                  {"one_minus_wape", 1 - s.wape},
                  {"coverage80", s.coverage80},
                  {"coverage95", s.coverage95}};
    methods[name] = std::move(m);
  }
  return {{"level", level_name(r.level)},
          {"holdout", r.holdout},
          {"holdout_start", format_date(r.holdout_start)},
          {"method", r.engine_method},
          {"shrinkage", r.shrinkage},
          {"methods", std::move(methods)},
          {"seconds", r.seconds},
          {"reconcile_seconds", r.reconcile_seconds}};
}

}  // namespace oiis::services
