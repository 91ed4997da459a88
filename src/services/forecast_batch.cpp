#include "services/forecast_batch.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <thread>

#include "common/parallel.h"
#include "common/stopwatch.h"
#include "common/time.h"
#include "forecast/metrics.h"
#include "forecast/store_features.h"
#include "inventory/inventory.h"

namespace oiis::services {
namespace {

namespace fc = oiis::forecast;
constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// A product with no usable history gets a zero forecast rather than an error: "no demand
// seen" is an answer the planner can act on, and every SKU keeps a row.
fc::Forecast zero_forecast(int horizon, bool intervals, std::string note) {
  fc::Forecast f;
  f.mean.assign(horizon, 0.0);
  if (intervals) f.lo80 = f.hi80 = f.lo95 = f.hi95 = f.mean;
  f.model = "Zero";
  f.note = std::move(note);
  return f;
}

Result<fc::Forecast> forecast_input(std::span<const double> y, const fc::ForecastOptions& opt) {
  const bool any_finite =
      std::any_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); });
  if (!any_finite) return zero_forecast(opt.horizon, opt.intervals, "no uncensored demand history");
  return fc::forecast(y, opt);
}

}  // namespace

SkuForecast forecast_sku(const DemandSeries& s, const fc::ForecastOptions& opt, int drop_tail,
                         int max_history, const YearlyProfile* profile) {
  SkuForecast out;
  out.product_id = s.product_id;
  out.sku = s.sku;
  out.location = s.location;
  out.stock_tracked = s.stock_tracked;
  std::vector<double> y = model_input(s, drop_tail, max_history);
  const int end = static_cast<int>(s.values.size()) - drop_tail;
  const int begin = end - static_cast<int>(y.size());
  for (int p = begin; p < end; ++p) out.censored_periods += s.censored[p] > 0;
  if (profile)
    for (std::size_t i = 0; i < y.size(); ++i) y[i] /= profile->at(begin + static_cast<int>(i));
  auto f = forecast_input(y, opt);
  if (!f) {
    out.status = f.status();
    return out;
  }
  out.forecast = std::move(f).value();
  if (profile) {
    auto& x = out.forecast;
    for (std::size_t h = 0; h < x.mean.size(); ++h) {
      const double k = profile->at(end + static_cast<int>(h));
      for (auto* v : {&x.mean, &x.lo80, &x.hi80, &x.lo95, &x.hi95})
        if (!v->empty()) (*v)[h] *= k;
    }
    x.model = "Yearly*" + x.model;
  }
  return out;
}

std::vector<YearlyProfile> category_profiles(const DemandSet& demand, int end) {
  constexpr int kYear = 52;
  std::vector<YearlyProfile> out(demand.series.size());
  if (demand.level != DemandLevel::kWeekly || end < kYear) return out;
  std::map<std::string, std::vector<double>> totals;
  for (const auto& s : demand.series) {
    auto& t = totals.try_emplace(s.category, kYear, 0.0).first->second;
    // Recorded sales, not censored values: a stock-out removes little from a category total.
    for (int k = 0; k < kYear; ++k) t[k] += s.sales[end - kYear + k];
  }
  std::map<std::string, std::vector<double>> index;
  for (auto& [category, t] : totals)
    if (auto yearly = fc::pooled_yearly_index(t); !yearly.empty())
      index[category] = std::move(yearly);
  for (std::size_t i = 0; i < demand.series.size(); ++i) {
    auto it = index.find(demand.series[i].category);
    if (it == index.end()) continue;
    out[i].anchor = end - kYear;
    out[i].index = it->second;
  }
  return out;
}

std::string default_store_method(DemandLevel level) {
  return level == DemandLevel::kWeekly ? "gbm" : "auto";
}

int default_season(DemandLevel level) {
  return level == DemandLevel::kWeekly ? 1 : 7;
}


std::vector<double> model_input(const DemandSeries& s, int drop_tail, int max_history) {
  const int end = std::max(s.first, static_cast<int>(s.values.size()) - drop_tail);
  const int begin = max_history > 0 ? std::max(s.first, end - max_history) : s.first;
  return {s.values.begin() + begin, s.values.begin() + end};
}

int default_max_history(DemandLevel level) {
  return level == DemandLevel::kDaily ? 364 : 0;
}

int history_limit(DemandLevel level, const BatchOptions& o) {
  return o.max_history >= 0 ? o.max_history : default_max_history(level);
}

fc::ForecastOptions engine_options(DemandLevel level, const BatchOptions& o) {
  fc::ForecastOptions opt;
  opt.horizon = o.horizon;
  opt.season_length = o.season_length > 0 ? o.season_length : default_season(level);
  opt.method = o.method;
  opt.intervals = o.intervals;
  opt.combine_top = o.combine_top;
  return opt;
}

std::string_view global_name(fc::GlobalLearner learner) {
  return learner == fc::GlobalLearner::kNeuralNet ? "mlp" : "gbm";
}

std::string batch_method_name(const BatchOptions& o) {
  const std::string univariate(fc::method_name(o.method));
  const std::string global(global_name(o.global_learner));
  switch (o.model) {
    case BatchOptions::Model::kGlobal:
      return global;
    case BatchOptions::Model::kCombined:
      return global + "+" + univariate;
    case BatchOptions::Model::kUnivariate:
      break;
  }
  return univariate;
}

std::optional<BatchOptions> parse_batch_method(std::string_view name, BatchOptions options) {
  options.model = BatchOptions::Model::kUnivariate;
  for (const auto learner : {fc::GlobalLearner::kGradientBoosting, fc::GlobalLearner::kNeuralNet}) {
    const std::string_view global = global_name(learner);
    if (!name.starts_with(global)) continue;
    options.global_learner = learner;
    if (name == global) {
      options.model = BatchOptions::Model::kGlobal;
      return options;
    }
    if (name.substr(global.size()).starts_with("+")) {
      options.model = BatchOptions::Model::kCombined;
      name.remove_prefix(global.size() + 1);
    }
    break;
  }
  const auto method = fc::parse_method(name);
  if (!method) return std::nullopt;
  options.method = *method;
  return options;
}

namespace {

// The global model's forecasts for every SKU, in place; the error goes to every item.
Result<std::vector<fc::Forecast>> global_forecasts(const DemandSet& demand,
                                                   const BatchOptions& options, int drop_tail) {
  if (demand.level != DemandLevel::kWeekly)
    return invalid_argument("the global model needs weekly demand", "level");
  fc::GlobalModelOptions g;
  g.horizon = options.horizon;
  g.intervals = options.intervals;
  g.threads = options.threads;
  g.rounds = options.global_rounds;
  g.learner = options.global_learner;
  g.loss = options.global_loss;
  return fc::forecast_global(
      demand_panel(demand, demand.periods - drop_tail, options.horizon, options.price_plan), g);
}

void forecast_global_into(const DemandSet& demand, const BatchOptions& options, int drop_tail,
                          std::vector<SkuForecast>& items) {
  auto global = global_forecasts(demand, options, drop_tail);
  for (std::size_t i = 0; i < items.size(); ++i) {
    SkuForecast& item = items[i];
    item.product_id = demand.series[i].product_id;
    item.sku = demand.series[i].sku;
    item.location = demand.series[i].location;
    item.stock_tracked = demand.series[i].stock_tracked;
    if (!global) {
      item.status = global.status();
      continue;
    }
    fc::Forecast& f = (*global)[i];
    if (options.model == BatchOptions::Model::kGlobal)
      item.forecast = std::move(f);
    else if (item.status.is_ok())
      item.forecast = fc::mean_forecast(f, item.forecast);
  }
}

}  // namespace

fc::Panel demand_panel(const DemandSet& demand, int end, int horizon, bool price_plan) {
  fc::Panel panel;
  panel.periods = end;
  for (int p = 0; p < end + horizon; ++p)
    panel.calendar.push_back(fc::week_calendar(demand.period_start(p)));
  std::map<std::string, int> groups;
  for (const auto& s : demand.series) {
    fc::PanelSeries& x = panel.series.emplace_back();
    x.y.assign(s.values.begin(), s.values.begin() + end);
    std::fill(x.y.begin(), x.y.begin() + std::min(s.first, end), kUnknown);
    const bool priced =
        static_cast<int>(s.price.size()) >= end &&
        std::all_of(s.price.begin(), s.price.begin() + end, [](double v) { return v > 0; });
    if (priced) {
      const bool planned = price_plan && static_cast<int>(s.price.size()) >= end + horizon;
      const int known = planned ? end + horizon : end;
      x.price.assign(s.price.begin(), s.price.begin() + known);
      x.promo.assign(s.promo.begin(), s.promo.begin() + known);
      x.clearance.assign(s.clearance.begin(), s.clearance.begin() + known);
    }
    x.group = groups.try_emplace(s.category, static_cast<int>(groups.size())).first->second;
  }
  return panel;
}

std::vector<SkuForecast> forecast_skus(const DemandSet& demand, const BatchOptions& options,
                                       int drop_tail, ProgressSink* progress) {
  std::vector<SkuForecast> items(demand.series.size());
  if (options.model != BatchOptions::Model::kGlobal) {
    const fc::ForecastOptions opt = engine_options(demand.level, options);
    const int history = history_limit(demand.level, options);
    const int end = demand.periods - drop_tail;
    const auto profiles =
        options.pooled_season ? category_profiles(demand, end) : std::vector<YearlyProfile>{};
    parallel_for_each_index(
        demand.series.size(),
        [&](std::size_t i) {
          items[i] =
              forecast_sku(demand.series[i], opt, drop_tail, history,
                           profiles.empty() || profiles[i].index.empty() ? nullptr : &profiles[i]);
        },
        {.threads = options.threads, .progress = progress});
  }
  if (options.model != BatchOptions::Model::kUnivariate)
    forecast_global_into(demand, options, drop_tail, items);
  return items;
}

BatchResult forecast_demand(const DemandSet& demand, const BatchOptions& options,
                            ProgressSink* progress) {
  const Stopwatch clock;
  BatchResult r;
  r.level = demand.level;
  r.horizon = options.horizon;
  r.method = batch_method_name(options);
  r.data_date = demand.data_date();
  r.first_forecast_day = demand.end_day;
  r.created_at = now_utc();
  r.max_history = history_limit(demand.level, options);
  r.items = forecast_skus(demand, options, 0, progress);
  r.seconds = clock.seconds();
  return r;
}

nlohmann::json to_json(const SkuForecast& f, const DemandSet& demand, int horizon) {
  nlohmann::json j = {{"sku", f.sku}, {"product_id", f.product_id}};
  if (!f.location.empty()) j["location"] = f.location;
  if (!f.status.is_ok()) {
    j["error"] = f.status.to_string();
    return j;
  }
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : f.forecast.params) params[name] = value;
  nlohmann::json starts = nlohmann::json::array();
  for (int h = 0; h < horizon; ++h)
    starts.push_back(format_date(demand.period_start(demand.periods + h)));
  j.update({{"model", f.forecast.model},
            {"params", std::move(params)},
            {"note", f.forecast.note},
            {"censored_periods", f.censored_periods},
            {"period_start", std::move(starts)},
            {"mean", f.forecast.mean},
            {"lo80", f.forecast.lo80},
            {"hi80", f.forecast.hi80},
            {"lo95", f.forecast.lo95},
            {"hi95", f.forecast.hi95}});
  if (!f.stock_tracked)
    j["caveats"] = {demand.censoring
                        ? "no stock ledger for this series: stock-outs cannot be detected, so "
                          "this is a forecast of sales, not of demand"
                        : "stock-out censoring is off: sales are taken as demand"};
  return j;
}

nlohmann::json to_json(const BatchResult& r, const DemandSet& demand) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& f : r.items) items.push_back(to_json(f, demand, r.horizon));
  return {{"created_at", format_timestamp(r.created_at)},
          {"data_date", format_date(r.data_date)},
          {"level", level_name(r.level)},
          {"horizon", r.horizon},
          {"method", r.method},
          {"max_history", r.max_history},
          {"seconds", r.seconds},
          {"skus", r.items.size()},
          {"forecasts", std::move(items)}};
}

Result<std::string> write_artefact(const BatchResult& r, const DemandSet& demand,
                                   const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return internal_error("cannot create " + dir + ": " + ec.message());
  const std::string path =
      (std::filesystem::path(dir) /
       ("forecast-" + std::string(level_name(r.level)) + "-" + format_date(r.data_date) + ".json"))
          .string();
  // Write then rename, so a reader never sees half a file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return internal_error("cannot write " + tmp);
    out << to_json(r, demand).dump() << "\n";
    if (!out) return internal_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) return internal_error("cannot rename " + tmp + ": " + ec.message());
  return path;
}


}  // namespace oiis::services
