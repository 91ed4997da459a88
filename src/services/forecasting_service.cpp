#include "services/forecasting_service.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"
#include "domain/json.h"
#include "forecast/metrics.h"
#include "services/forecast_batch.h"

namespace oiis::services {
namespace {

// The recent actuals beside the forecast (8 weeks of days, half a year of weeks): what a chart
// draws before the forecast starts. Censored periods (stock-outs) are null.
nlohmann::json recent_history_json(const DemandSeries& s, const DemandSet& demand) {
  const int shown = demand.level == DemandLevel::kDaily ? 56 : 26;
  nlohmann::json points = nlohmann::json::array();
  for (int p = std::max(0, demand.periods - shown); p < demand.periods; ++p) {
    const double v = s.values[static_cast<std::size_t>(p)];
    points.push_back({{"period_start", format_date(demand.period_start(p))},
                      {"value", std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr)}});
  }
  return points;
}

// How well the same model did on the series' own last periods: fitted without them, scored on
// them, beside the naive forecast (the last value carried on). One backtest origin, so a rough
// guide, not a guarantee: docs/forecasting.md has the measured accuracy over many series.
nlohmann::json holdout_accuracy_json(const DemandSeries& s, const DemandSet& demand, int horizon,
                                     const forecast::ForecastOptions& engine, int max_history,
                                     const YearlyProfile* profile) {
  const int held = std::min(horizon, demand.periods / 4);
  if (held < 1) return {{"available", false}, {"reason", "too little history to hold any out"}};
  const SkuForecast f = forecast_sku(s, engine, held, max_history, profile);
  if (!f.status.is_ok()) return {{"available", false}, {"reason", f.status.message()}};
  const std::size_t start = static_cast<std::size_t>(demand.periods - held);
  double last = std::nan("");
  for (std::size_t p = 0; p < start; ++p)
    if (std::isfinite(s.values[p])) last = s.values[p];
  std::vector<double> actual, predicted, naive;
  for (int h = 0; h < held; ++h) {
    const double a = s.values[start + static_cast<std::size_t>(h)];
    if (!std::isfinite(a)) continue;  // a censored period says nothing about accuracy
    actual.push_back(a);
    predicted.push_back(f.forecast.mean[static_cast<std::size_t>(h)]);
    naive.push_back(std::isfinite(last) ? last : 0.0);
  }
  if (actual.empty()) return {{"available", false}, {"reason", "the held-out periods were all stock-outs"}};
  auto rounded = [](double v) { return std::isfinite(v) ? nlohmann::json(std::round(v * 1000) / 1000) : nlohmann::json(nullptr); };
  double mae = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) mae += std::abs(actual[i] - predicted[i]);
  return {{"available", true},
          {"model", f.forecast.model},
          {"held_out_periods", actual.size()},
          {"from", format_date(demand.period_start(static_cast<int>(start)))},
          {"wape", rounded(forecast::wape(actual, predicted))},
          {"mae", rounded(mae / static_cast<double>(actual.size()))},
          {"naive_wape", rounded(forecast::wape(actual, naive))}};
}

}  // namespace

Result<std::shared_ptr<const DemandSet>> ForecastingService::demand(DemandLevel level,
                                                                    bool by_location,
                                                                    const std::string& version) {
  std::lock_guard build(demand_build_mutex_);  // one build at a time: concurrent misses wait
  const auto key = std::make_tuple(level, by_location);
  {
    std::lock_guard lock(demand_mutex_);
    auto it = demand_.find(key);
    if (it != demand_.end() && it->second.first == version) return it->second.second;
  }
  DemandOptions options;
  options.level = level;
  options.by_location = by_location;
  auto built = build_demand(store_, options);
  if (!built) return built.status();
  auto shared = std::make_shared<const DemandSet>(std::move(built).value());
  std::lock_guard lock(demand_mutex_);
  demand_[key] = {version, shared};
  return shared;
}

Result<std::ptrdiff_t> ForecastingService::series_index(const DemandSet& demand,
                                                        const SkuForecastQuery& query) {
  if (!query.location) {
    const std::ptrdiff_t index = demand.find(query.sku);
    if (index < 0) return not_found("no demand history for " + query.sku, "sku");
    return index;
  }
  const std::string& code = *query.location;
  for (std::size_t i = 0; i < demand.series.size(); ++i)
    if (demand.series[i].sku == query.sku && demand.series[i].location == code)
      return static_cast<std::ptrdiff_t>(i);
  auto locations = store_.list_locations();
  if (!locations) return locations.status();
  const bool known = std::any_of(locations->begin(), locations->end(),
                                 [&](const Location& l) { return l.code == code; });
  if (!known) return not_found("no location with code '" + code + "'", "location");
  return not_found(query.sku + " was never stocked or sold at " + code, "location");
}

Result<std::shared_ptr<const std::string>> ForecastingService::sku_forecast(
    const SkuForecastQuery& query) {
  auto product = store_.get_product_by_sku(query.sku);
  if (!product) return product.status();
  auto version = store_.data_version();  // read before the data it tags
  if (!version) return version.status();
  const std::string key = query.sku + "@" + query.location.value_or("") + "|" +
                          std::to_string(query.horizon) + "|" +
                          std::string(level_name(query.level)) + "|" + *version;
  if (auto hit = answers_.find(key)) return hit;

  auto demand = this->demand(query.level, query.location.has_value(), *version);
  if (!demand) return demand.status();
  auto index = series_index(**demand, query);
  if (!index) return index.status();
  BatchOptions options;
  options.horizon = query.horizon;
  // Same model as the batch: weekly SKUs get their category's yearly profile (cheap to derive).
  const auto profiles = category_profiles(**demand, (*demand)->periods);
  const YearlyProfile* profile = profiles[*index].index.empty() ? nullptr : &profiles[*index];
  const SkuForecast f =
      forecast_sku((*demand)->series[*index], engine_options(query.level, options), 0,
                   history_limit(query.level, options), options.pooled_season ? profile : nullptr);
  if (!f.status.is_ok()) return f.status;
  nlohmann::json answer = to_json(f, **demand, options.horizon);
  const DemandSeries& series = (*demand)->series[*index];
  answer["history"] = recent_history_json(series, **demand);
  answer["accuracy"] = holdout_accuracy_json(series, **demand, query.horizon, engine_options(query.level, options),
                                             history_limit(query.level, options),
                                             options.pooled_season ? profile : nullptr);
  answer["level"] = level_name(query.level);
  answer["horizon"] = query.horizon;
  answer["data_date"] = format_date((*demand)->data_date());
  answer["data_version"] = *version;
  auto text = std::make_shared<const std::string>(dump_safe(answer));
  answers_.put(key, text);
  return text;
}

Result<ForecastingService::Hierarchy> ForecastingService::hierarchy(
    const std::string& key, std::shared_ptr<const DemandSet> demand,
    const HierarchyOptions& options) {
  std::lock_guard lock(hierarchy_mutex_);  // one build at a time; the rest wait and share it
  auto it = hierarchies_.find(key);
  if (it != hierarchies_.end()) return it->second;
  auto built = forecast_hierarchy(*demand, options);
  if (!built) return built.status();
  if (hierarchies_.size() >= kMaxCachedHierarchies) hierarchies_.clear();  // old versions
  Hierarchy h{std::move(demand),
              std::make_shared<const HierarchyForecast>(std::move(built).value())};
  hierarchies_[key] = h;
  return h;
}

Result<nlohmann::json> ForecastingService::hierarchy_node(const HierarchyNodeQuery& query) {
  auto version = store_.data_version();
  if (!version) return version.status();
  auto demand = this->demand(query.level, false, *version);
  if (!demand) return demand.status();
  HierarchyOptions options;
  options.batch.horizon = query.horizon;
  options.method = query.method;
  const std::string key = std::to_string(query.horizon) + "|" +
                          std::string(level_name(query.level)) + "|" +
                          std::string(forecast::reconciliation_name(query.method)) + "|" + *version;
  auto entry = hierarchy(key, *demand, options);
  if (!entry) return entry.status();
  const HierarchyForecast& f = *entry->forecast;
  const int node = query.category ? f.tree.find(*query.category, 1) : 0;
  if (node < 0)
    return not_found("no category '" + *query.category + "' with demand history", "name");
  nlohmann::json answer = node_json(f, node, *entry->demand);
  answer["level"] = level_name(query.level);
  answer["horizon"] = query.horizon;
  answer["reconciliation"] = f.reconciliation;
  answer["shrinkage"] = f.shrinkage;
  answer["reconciliation_note"] = f.note;
  answer["data_date"] = format_date(f.data_date);
  answer["data_version"] = *version;
  return answer;
}

}  // namespace oiis::services
