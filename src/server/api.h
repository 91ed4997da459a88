// Internal to the server module: the route table (one list of RouteSpec, used both to
// dispatch and to generate /openapi.json), the per-request context, and request/response
// helpers shared by the route files.
#pragma once

#include <httplib.h>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/json.h"
#include "domain/types.h"
#include "server/server.h"
#include "store/store.h"

namespace oiis::server {

class Api;
struct Ctx;

using Handler = std::function<Status(Ctx&)>;

// A documented query parameter. `type`: "integer", "string", "boolean", "date-time", or an
// enum written as "enum:a|b|c".
struct QueryParam {
  const char* name;
  const char* type;
  const char* description;
};

struct RouteSpec {
  const char* method;       // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string pattern;      // "/api/v1/products/{sku}"; {name} segments are path parameters
  std::optional<Role> role; // nullopt = no API key needed
  std::string tag;          // OpenAPI tag (the area)
  std::string summary;
  std::string request_schema;   // components/schemas name of the JSON body, "" = none
  std::string response_schema;  // schema of the success body ("" = none/plain text)
  int success_status = 200;
  std::vector<QueryParam> query;
  Handler handler;
  const char* response_content_type = "application/json";
  std::vector<QueryParam> headers{};  // documented request headers (type as for query)
  const char* request_content_type = "application/json";  // of the request_schema body
};

using RouteTable = std::vector<RouteSpec>;

// Each area adds its routes (routes_*.cpp).
void add_catalog_routes(RouteTable& table);          // products, suppliers, customers, locations
void add_order_routes(RouteTable& table);            // orders
void add_stock_routes(RouteTable& table);            // stock levels, adjustments, movements
void add_purchase_order_routes(RouteTable& table);   // purchase orders
void add_admin_routes(RouteTable& table);            // api keys, outbox, stats
void add_system_routes(RouteTable& table);           // healthz, metrics, openapi.json
void add_forecast_routes(RouteTable& table);         // demand forecasts (routes_forecast.cpp)
void add_inventory_routes(RouteTable& table);        // inventory optimisation (routes_inventory.cpp)
void add_recommendation_routes(RouteTable& table);   // recommendations (routes_recommend.cpp)
void add_kb_routes(RouteTable& table);               // knowledge base search (routes_kb.cpp)
void add_customer_analytics_routes(RouteTable& table);  // routes_customers_analytics.cpp
void add_model_routes(RouteTable& table);            // registry, jobs, predict (routes_models.cpp)
void add_agent_routes(RouteTable& table);            // the assistant and threads (routes_agents.cpp)
void add_web_routes(RouteTable& table);
void add_alert_routes(RouteTable& table);            // stored alerts (routes_alerts.cpp)
void add_voice_routes(RouteTable& table);            // speech in and out (routes_voice.cpp)
void add_overview_routes(RouteTable& table);         // the business KPIs (routes_overview.cpp)              // the dashboard's files (routes_web.cpp)
RouteTable build_route_table();

// The OpenAPI 3.0 document for `table` (openapi.cpp).
Json build_openapi(const RouteTable& table);
// docs/api.md's route reference (api_reference.cpp): one Markdown table per tag, between
// marker comments. replace_ rewrites the marked section of a document (kInvalidArgument when
// the markers are missing); extract_ returns it (with the markers) or nullopt.
std::string render_route_reference(const RouteTable& table);
Result<std::string> replace_route_reference(const std::string& markdown, const RouteTable& table);
std::optional<std::string> extract_route_reference(const std::string& markdown);

// Everything a handler may touch.
struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  Api& api;
  Store& store;
  std::array<std::string_view, 3> path{};  // path parameters in pattern order
  Role role = Role::kRead;                 // the caller's role (admin for public routes)
  std::string caller = "public";           // sha256 prefix of the caller's API key
  Id key_id = 0;                           // the caller's key (0: public route or static admin)
  std::string key_name = {};               // for the audit log
};

// --- responses
int http_status(ErrorCode code);
// {"error": {"code", "message", "field"}} with the matching HTTP status.
void write_error(httplib::Response& res, const Status& status);
void write_error(httplib::Response& res, int http_status, std::string_view code,
                 std::string_view message, std::string_view field = {});
Status reply(Ctx& ctx, const Json& body, int status = 200);
// Replies with JSON already rendered (e.g. from a cache).
Status reply_text(Ctx& ctx, const std::string& json_text, int status = 200);
// Page<T> -> {"items": [...], "next_cursor": "..." | null}
template <typename T>
Json page_json(const Page<T>& page) {
  Json items = Json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)},
          {"next_cursor", page.next_cursor.empty() ? Json(nullptr) : Json(page.next_cursor)}};
}

// --- requests: each error names the offending field.
// body["lines"] as a draft purchase order's changes, [{"id": line, "quantity": n}] (fields
// named "lines[i].id"); used by PATCH /purchase-orders/{id} and the assistant's approval.
Result<std::vector<PurchaseOrderLineChange>> read_line_changes(const Json& body);
Result<Json> body_json(const Ctx& ctx);
Result<Id> path_id(const Ctx& ctx, std::size_t index, const char* field = "id");
Status query_text(const Ctx& ctx, const char* name, std::optional<std::string>& out);
Status query_int(const Ctx& ctx, const char* name, std::optional<std::int64_t>& out);
Status query_bool(const Ctx& ctx, const char* name, std::optional<bool>& out);
Status query_time(const Ctx& ctx, const char* name, std::optional<Timestamp>& out);
// Parses an enum query parameter with `parse` (e.g. parse_order_status).
template <typename E, typename Parse>
Status query_enum(const Ctx& ctx, const char* name, Parse parse, std::optional<E>& out) {
  std::optional<std::string> text;
  OIIS_RETURN_IF_ERROR(query_text(ctx, name, text));
  if (!text) return Status::ok();
  auto parsed = parse(*text);
  if (!parsed) return invalid_argument(parsed.status().message(), name);
  out = *parsed;
  return Status::ok();
}
// ?cursor=&limit= (limit 1..1000, default 50).
Status page_request(const Ctx& ctx, PageRequest& out);
extern const std::vector<QueryParam> kPageParams;
std::vector<QueryParam> with_page_params(std::vector<QueryParam> params);

// Resolves a product given by "sku" (or "product_id") in a request object; `prefix` names it
// in errors ("lines[2]."). Removes "sku" from `object` and sets "product_id" when asked.
Result<Id> resolve_product(Store& store, Json& object, const std::string& prefix);

// A browser asking for a page (Accept names text/html) rather than a client asking for JSON.
bool wants_html(const httplib::Request& req);
// Serves one of the dashboard's files (routes_web.cpp); 404 when it has no such file.
Status serve_web_file(Ctx& ctx, std::string_view path);

}  // namespace oiis::server

// (included late to keep the route-facing declarations above self-contained)
#include <atomic>
#include <chrono>
#include <memory>

#include "server/audit.h"
#include "server/caches.h"
#include "server/rate_limits.h"
#include "server/instrumented_store.h"
#include "server/metrics.h"
#include "server/web_assets.h"
#include "store/change_feed.h"

namespace oiis::services {
class CustomerAnalyticsService;
class ForecastingService;
class KbService;
class ModelService;
class OrderRiskService;
class RecommendationService;
class VoiceService;
}
namespace oiis::agents {
class Assistant;
}
namespace oiis::mlops {
class Scheduler;
}

namespace oiis::server {

// Shared server state, built once; every member is safe for concurrent use.
class Api {
 public:
  Api(Store& store, ServerConfig config);
  ~Api();
  Store& store() { return store_; }
  const ServerConfig& config() const { return config_; }
  KeyCache& keys() { return keys_; }
  ProductCache& product_cache() { return product_cache_; }
  RequestLimiter& rate_limiter() { return *rate_limiter_; }
  AuditLog& audit() { return audit_; }
  services::ForecastingService& forecasting() { return *forecasting_; }
  services::RecommendationService& recommendations() { return *recommendations_; }
  services::KbService& kb() { return *kb_; }
  services::CustomerAnalyticsService& customer_analytics() { return *customer_analytics_; }
  services::ModelService& models() { return *models_; }
  agents::Assistant& assistant() { return *assistant_; }
  // Scoring orders at placement; null when off (ServerConfig::order_risk_every_hours 0).
  services::OrderRiskService* order_risk() { return order_risk_.get(); }
  services::VoiceService& voice() { return *voice_; }
  const WebAssets& web() const { return *web_; }
  const RouteTable& routes() const { return routes_; }
  HttpMetrics& http_metrics() { return http_metrics_; }
  const std::string& openapi_text() const { return openapi_text_; }
  std::string render_metrics();
  void start_background_scans();
  std::chrono::steady_clock::time_point started() const { return started_; }
  // Applies another process's change notice to this process's caches (store/change_feed.h).
  void forget_changed(const ChangeNotice& notice);

 private:
  void listen_for_changes();

  InstrumentedStore store_;
  ServerConfig config_;
  KeyCache keys_;
  ProductCache product_cache_;
  std::unique_ptr<RequestLimiter> rate_limiter_;  // shared through Redis with --redis
  AuditLog audit_;
  std::unique_ptr<services::ForecastingService> forecasting_;  // owned; header kept lean
  std::unique_ptr<services::RecommendationService> recommendations_;
  std::unique_ptr<services::KbService> kb_;
  std::unique_ptr<services::CustomerAnalyticsService> customer_analytics_;
  std::unique_ptr<services::ModelService> models_;
  std::unique_ptr<agents::Assistant> assistant_;
  std::unique_ptr<services::OrderRiskService> order_risk_;
  std::unique_ptr<services::VoiceService> voice_;
  std::shared_ptr<const WebAssets> web_;
  std::unique_ptr<mlops::Scheduler> scans_;  // alerts, order-risk refits; stopped early
  std::atomic<std::uint64_t> change_notices_{0};
  // Other processes' change notices; null on SQLite. Declared after every cache and counter
  // it touches, so its thread stops before they go.
  std::unique_ptr<ChangeFeed> changes_;
  RouteTable routes_;
  HttpMetrics http_metrics_;
  std::string openapi_text_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace oiis::server
