#include "services/forecasting_service.h"

#include <algorithm>

#include "common/time.h"
#include "domain/json.h"
#include "services/forecast_batch.h"

namespace oiis::services {

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
