// Demand forecasts: one SKU or one node of the reconciled hierarchy from the store's history
// (services/forecasting_service.h computes and caches them per data version), and any series a
// client posts (forecast/forecast.h directly). These handlers read parameters and reply.
#include <cmath>

#include "common/json_reader.h"
#include "services/forecasting_service.h"
#include "server/api.h"

namespace oiis::server {
namespace {

namespace fc = oiis::forecast;
constexpr std::int64_t kMaxHorizon = 1000;

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

Status sku_forecast(Ctx& c) {
  std::optional<std::string> level_text, location;
  std::optional<std::int64_t> horizon;
  OIIS_RETURN_IF_ERROR(query_text(c, "level", level_text));
  OIIS_RETURN_IF_ERROR(query_text(c, "location", location));
  OIIS_RETURN_IF_ERROR(query_int(c, "horizon", horizon));
  const auto level = parse_level(level_text.value_or("daily"));
  if (!level) return invalid_argument("level must be daily or weekly", "level");
  const std::int64_t h = horizon.value_or(*level == DemandLevel::kWeekly ? 13 : 28);
  OIIS_RETURN_IF_ERROR(horizon_in_range(h, "horizon"));
  services::SkuForecastQuery query{std::string(c.path[0]), location, *level, static_cast<int>(h)};
  auto answer = c.api.forecasting().sku_forecast(query);
  if (!answer) return answer.status();
  return reply_text(c, **answer);
}

// GET /forecast/total and /forecast/category/{name}: one node of the reconciled hierarchy.
Status hierarchy_node_forecast(Ctx& c, bool total) {
  std::optional<std::string> level_text, method_text;
  std::optional<std::int64_t> horizon;
  OIIS_RETURN_IF_ERROR(query_text(c, "level", level_text));
  OIIS_RETURN_IF_ERROR(query_int(c, "horizon", horizon));
  OIIS_RETURN_IF_ERROR(query_text(c, "reconcile", method_text));
  const auto level = parse_level(level_text.value_or("daily"));
  if (!level) return invalid_argument("level must be daily or weekly", "level");
  const std::int64_t h = horizon.value_or(*level == DemandLevel::kWeekly ? 13 : 28);
  OIIS_RETURN_IF_ERROR(horizon_in_range(h, "horizon"));
  const auto method = fc::parse_reconciliation(method_text.value_or("mint"));
  if (!method)
    return invalid_argument("reconcile must be bottom-up, ols, wls-struct, wls or mint",
                            "reconcile");
  services::HierarchyNodeQuery query;
  if (!total) query.category = std::string(c.path[0]);
  query.level = *level;
  query.horizon = static_cast<int>(h);
  query.method = *method;
  auto answer = c.api.forecasting().hierarchy_node(query);
  if (!answer) return answer.status();
  return reply(c, *answer);
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
