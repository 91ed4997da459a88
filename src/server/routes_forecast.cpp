// Demand forecasts: one SKU from the store's history (computed on demand, cached), and any
// series a client posts. The engine is mlops/forecast_batch.h over forecast/forecast.h.
//
// Cache: building demand series scans every order and the stock ledger, so the series of the
// latest data version are kept per store and level, and each answered forecast per
// sku + horizon + level + data version. The data version is Store::data_version(), a marker
// that changes with every committed write (one row read, not a scan).
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>

#include "common/json_reader.h"
#include "common/time.h"
#include "mlops/forecast_batch.h"
#include "mlops/forecast_hierarchy.h"
#include "server/api.h"

namespace oiis::server {
namespace {

namespace fc = oiis::forecast;
constexpr std::int64_t kMaxHorizon = 1000;
constexpr std::size_t kMaxCachedForecasts = 20000;
constexpr std::size_t kMaxCachedForecastBytes = 64 << 20;

// The server instance (its start time) is part of the version: another server in the same
// process may sit at the same Store address with different data.
// It is read before the data it tags, so a cached answer is never older than its version.
Result<std::string> data_version(Ctx& c) {
  auto version = c.store.data_version();
  if (!version) return version.status();
  return std::to_string(c.api.started().time_since_epoch().count()) + "." + *version;
}

class ForecastCache {
 public:
  // The demand series of `version`, built once per store, level, layout (per SKU, or per SKU
  // and location) and version.
  Result<std::shared_ptr<const mlops::DemandSet>> demand(Store& store, mlops::DemandLevel level,
                                                         bool by_location,
                                                         const std::string& version) {
    std::lock_guard lock(build_mutex_);  // one build at a time: concurrent misses wait for it
    const auto key = std::make_tuple(&store, level, by_location);
    {
      std::lock_guard l(mutex_);
      auto it = series_.find(key);
      if (it != series_.end() && it->second.first == version) return it->second.second;
    }
    mlops::DemandOptions options;
    options.level = level;
    options.by_location = by_location;
    auto built = mlops::build_demand(store, options);
    if (!built) return built.status();
    auto shared = std::make_shared<const mlops::DemandSet>(std::move(built).value());
    std::lock_guard l(mutex_);
    series_[key] = {version, shared};
    return shared;
  }

  // Answers are kept rendered and bounded by count and bytes (see AnswerCache): a read key
  // walking through horizons and SKUs must not grow the cache without end.
  std::shared_ptr<const std::string> find(const std::string& key) { return answers_.find(key); }
  void put(const std::string& key, std::shared_ptr<const std::string> answer) {
    answers_.put(key, std::move(answer));
  }

 private:
  std::mutex build_mutex_, mutex_;
  std::map<std::tuple<Store*, mlops::DemandLevel, bool>,
           std::pair<std::string, std::shared_ptr<const mlops::DemandSet>>>
      series_;
  AnswerCache answers_{kMaxCachedForecasts, kMaxCachedForecastBytes};
};

ForecastCache& cache() {
  static ForecastCache instance;
  return instance;
}

Json forecast_json(const fc::Forecast& f) {
  Json params = Json::object();
  for (const auto& [name, value] : f.params) params[name] = value;
  return {{"model", f.model}, {"params", std::move(params)},
          {"note", f.note},   {"mean", f.mean},
          {"lo80", f.lo80},   {"hi80", f.hi80},
          {"lo95", f.lo95},   {"hi95", f.hi95}};
}

Status horizon_in_range(std::int64_t h, const char* field) {
  if (h < 1 || h > kMaxHorizon)
    return invalid_argument(std::string(field) + " must be 1.." + std::to_string(kMaxHorizon),
                            field);
  return Status::ok();
}

// The series of `sku` at the location with `code` (a per-location DemandSet).
Result<std::ptrdiff_t> location_series(Ctx& c, const mlops::DemandSet& demand,
                                       const std::string& sku, const std::string& code) {
  for (std::size_t i = 0; i < demand.series.size(); ++i)
    if (demand.series[i].sku == sku && demand.series[i].location == code)
      return static_cast<std::ptrdiff_t>(i);
  auto locations = c.store.list_locations();
  if (!locations) return locations.status();
  const bool known = std::any_of(locations->begin(), locations->end(),
                                 [&](const Location& l) { return l.code == code; });
  if (!known) return not_found("no location with code '" + code + "'", "location");
  return not_found(sku + " was never stocked or sold at " + code, "location");
}

Status sku_forecast(Ctx& c) {
  std::optional<std::string> level_text, location;
  std::optional<std::int64_t> horizon;
  OIIS_RETURN_IF_ERROR(query_text(c, "level", level_text));
  OIIS_RETURN_IF_ERROR(query_text(c, "location", location));
  OIIS_RETURN_IF_ERROR(query_int(c, "horizon", horizon));
  const auto level = mlops::parse_level(level_text.value_or("daily"));
  if (!level) return invalid_argument("level must be daily or weekly", "level");
  const std::int64_t h = horizon.value_or(*level == mlops::DemandLevel::kWeekly ? 13 : 28);
  OIIS_RETURN_IF_ERROR(horizon_in_range(h, "horizon"));
  const std::string sku(c.path[0]);
  auto product = c.store.get_product_by_sku(sku);
  if (!product) return product.status();
  auto version = data_version(c);
  if (!version) return version.status();
  const std::string key = sku + "@" + location.value_or("") + "|" + std::to_string(h) + "|" +
                          std::string(mlops::level_name(*level)) + "|" + *version;
  if (auto hit = cache().find(key)) return reply_text(c, *hit);

  auto demand = cache().demand(c.store, *level, location.has_value(), *version);
  if (!demand) return demand.status();
  auto at = location ? location_series(c, **demand, sku, *location) : (*demand)->find(sku);
  if (!at) return at.status();
  const std::ptrdiff_t index = *at;
  if (index < 0) return not_found("no demand history for " + sku, "sku");
  mlops::BatchOptions options;
  options.horizon = static_cast<int>(h);
  // Same model as the batch: weekly SKUs get their category's yearly profile (cheap to derive).
  const auto profiles = mlops::category_profiles(**demand, (*demand)->periods);
  const mlops::YearlyProfile* profile = profiles[index].index.empty() ? nullptr : &profiles[index];
  const mlops::SkuForecast f = mlops::forecast_sku(
      (*demand)->series[index], mlops::engine_options(*level, options), 0,
      mlops::history_limit(*level, options), options.pooled_season ? profile : nullptr);
  if (!f.status.is_ok()) return f.status;
  Json answer = mlops::to_json(f, **demand, options.horizon);
  answer["level"] = mlops::level_name(*level);
  answer["horizon"] = h;
  answer["data_date"] = format_date((*demand)->data_date());
  answer["data_version"] = *version;
  auto text = std::make_shared<const std::string>(dump_safe(answer));
  cache().put(key, text);
  return reply_text(c, *text);
}

// The reconciled hierarchy of one data version, level, horizon and method, built once (every
// SKU, category and the total forecast, plus a residual backtest for wls/mint).
class HierarchyCache {
 public:
  struct Entry {
    std::shared_ptr<const mlops::DemandSet> demand;
    std::shared_ptr<const mlops::HierarchyForecast> forecast;
  };
  Result<Entry> get(const std::string& key, std::shared_ptr<const mlops::DemandSet> demand,
                    const mlops::HierarchyOptions& options) {
    std::lock_guard lock(mutex_);  // one build at a time; the rest wait and share it
    auto it = entries_.find(key);
    if (it != entries_.end()) return it->second;
    auto built = mlops::forecast_hierarchy(*demand, options);
    if (!built) return built.status();
    if (entries_.size() >= kMaxCachedHierarchies) entries_.clear();  // old versions pile up
    Entry e{std::move(demand),
            std::make_shared<const mlops::HierarchyForecast>(std::move(built).value())};
    entries_[key] = e;
    return e;
  }

 private:
  static constexpr std::size_t kMaxCachedHierarchies = 16;
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

HierarchyCache& hierarchy_cache() {
  static HierarchyCache instance;
  return instance;
}

// GET /forecast/total and /forecast/category/{name}: one node of the reconciled hierarchy.
Status hierarchy_node_forecast(Ctx& c, bool total) {
  std::optional<std::string> level_text, method_text;
  std::optional<std::int64_t> horizon;
  OIIS_RETURN_IF_ERROR(query_text(c, "level", level_text));
  OIIS_RETURN_IF_ERROR(query_int(c, "horizon", horizon));
  OIIS_RETURN_IF_ERROR(query_text(c, "reconcile", method_text));
  const auto level = mlops::parse_level(level_text.value_or("daily"));
  if (!level) return invalid_argument("level must be daily or weekly", "level");
  const std::int64_t h = horizon.value_or(*level == mlops::DemandLevel::kWeekly ? 13 : 28);
  OIIS_RETURN_IF_ERROR(horizon_in_range(h, "horizon"));
  const auto method = fc::parse_reconciliation(method_text.value_or("mint"));
  if (!method)
    return invalid_argument("reconcile must be bottom-up, ols, wls-struct, wls or mint",
                            "reconcile");
  auto version = data_version(c);
  if (!version) return version.status();
  auto demand = cache().demand(c.store, *level, false, *version);
  if (!demand) return demand.status();
  mlops::HierarchyOptions options;
  options.batch.horizon = static_cast<int>(h);
  options.method = *method;
  const std::string key = std::to_string(h) + "|" + std::string(mlops::level_name(*level)) + "|" +
                          std::string(fc::reconciliation_name(*method)) + "|" + *version;
  auto entry = hierarchy_cache().get(key, *demand, options);
  if (!entry) return entry.status();
  const mlops::HierarchyForecast& f = *entry->forecast;
  const int node = total ? 0 : f.tree.find(c.path[0], 1);
  if (node < 0)
    return not_found("no category '" + std::string(c.path[0]) + "' with demand history", "name");
  Json answer = mlops::node_json(f, node, *entry->demand);
  answer["level"] = mlops::level_name(*level);
  answer["horizon"] = h;
  answer["reconciliation"] = f.reconciliation;
  answer["shrinkage"] = f.shrinkage;
  answer["reconciliation_note"] = f.note;
  answer["data_date"] = format_date(f.data_date);
  answer["data_version"] = *version;
  return reply(c, answer);
}

// {"values": [...], "horizon": H, "season_length": m, "method": "auto", "intervals": true}
Status series_forecast(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  std::int64_t horizon = 0, season = 1;
  std::string method = "auto";
  fc::ForecastOptions options;
  JsonObjectReader r(*body);
  r.integer("horizon", horizon, true)
      .integer("season_length", season)
      .text("method", method)
      .boolean("intervals", options.intervals);
  const Json* values = r.get("values");
  OIIS_RETURN_IF_ERROR(r.finish());
  if (!values || !values->is_array())
    return invalid_argument("values must be an array of numbers", "values");
  if (values->empty()) return invalid_argument("values must not be empty", "values");
  std::vector<double> y;
  for (std::size_t i = 0; i < values->size(); ++i) {
    const Json& v = (*values)[i];
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      return invalid_argument("must be a finite number", "values[" + std::to_string(i) + "]");
    y.push_back(v.get<double>());
  }
  OIIS_RETURN_IF_ERROR(horizon_in_range(horizon, "horizon"));
  if (season < 1 || season > 10000)
    return invalid_argument("season_length must be 1..10000", "season_length");
  const auto parsed = fc::parse_method(method);
  if (!parsed) return invalid_argument("unknown method '" + method + "'", "method");
  options.horizon = static_cast<int>(horizon);
  options.season_length = static_cast<int>(season);
  options.method = *parsed;
  auto f = fc::forecast(y, options);
  if (!f) return f.status();
  Json answer = forecast_json(*f);
  answer["horizon"] = horizon;
  return reply(c, answer);
}

}  // namespace

void add_forecast_routes(RouteTable& t) {
  t.push_back({"GET",
               "/api/v1/forecast/{sku}",
               Role::kRead,
               "forecast",
               "Demand forecast of one product with 80/95% intervals, from the store's history "
               "(stock-out days censored; cached per data version)",
               "",
               "",
               200,
               {{"horizon", "integer", "Periods ahead, 1..1000 (default 28 daily, 13 weekly)"},
                {"level", "enum:daily|weekly", "Demand per day or per week (default daily)"},
                {"location", "string",
                 "A stock location's code: the demand at that location only (default: all)"}},
               sku_forecast});
  const std::vector<QueryParam> hierarchy_query{
      {"horizon", "integer", "Periods ahead, 1..1000 (default 28 daily, 13 weekly)"},
      {"level", "enum:daily|weekly", "Demand per day or per week (default daily)"},
      {"reconcile", "enum:bottom-up|ols|wls-struct|wls|mint",
       "How SKU, category and total forecasts are made to add up (default mint)"}};
  t.push_back({"GET", "/api/v1/forecast/total", Role::kRead, "forecast",
               "Demand forecast of the whole catalogue, reconciled with its categories and SKUs "
               "(base and reconciled, 80/95% intervals, categories as children)",
               "", "", 200, hierarchy_query,
               [](Ctx& c) { return hierarchy_node_forecast(c, true); }});
  t.push_back({"GET", "/api/v1/forecast/category/{name}", Role::kRead, "forecast",
               "Demand forecast of one category, reconciled so that its SKUs (children) add up "
               "to it and it adds up to the total",
               "", "", 200, hierarchy_query,
               [](Ctx& c) { return hierarchy_node_forecast(c, false); }});
  t.push_back({"POST",
               "/api/v1/forecast",
               Role::kRead,
               "forecast",
               "Forecast a posted series: {values, horizon, season_length, method, intervals}",
               "",
               "",
               200,
               {},
               series_forecast});
}

}  // namespace oiis::server
