#include "server/api.h"

#include <charconv>
#include <filesystem>

#include "common/input_limits.h"
#include "common/json_reader.h"
#include "common/log.h"
#include "agents/assistant.h"
#include "mlops/scheduler.h"
#include "services/alert_service.h"
#include "services/customer_analytics_service.h"
#include "services/forecasting_service.h"
#include "services/kb_service.h"
#include "services/model_service.h"
#include "services/order_risk_service.h"
#include "services/recommend_service.h"
#include "services/voice_service.h"
#include "store/change_feed.h"

namespace oiis::server {

// ---------------------------------------------------------------- responses

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidArgument: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kFailedPrecondition: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {
// Longest error message sent: messages may quote a caller's value (an unknown sku), and a
// 500 KB value must not come back in full.
constexpr std::size_t kMaxErrorMessageBytes = 400;

}  // namespace

void write_error(httplib::Response& res, int status, std::string_view code,
                 std::string_view message, std::string_view field) {
  Json body = {{"error",
                {{"code", code},
                 {"message", clip_for_message(message, kMaxErrorMessageBytes)},
                 {"field", field.empty() ? Json(nullptr) : Json(clip_for_message(field))}}}};
  res.status = status;
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");
  res.set_content(dump_safe(body), "application/json");
}

void write_error(httplib::Response& res, const Status& status) {
  write_error(res, http_status(status.code()), error_code_name(status.code()), status.message(),
              status.field());
}

Status reply(Ctx& ctx, const Json& body, int status) {
  ctx.res.status = status;
  ctx.res.set_content(dump_safe(body), "application/json");
  return Status::ok();
}

Status reply_text(Ctx& ctx, const std::string& json_text, int status) {
  ctx.res.status = status;
  ctx.res.set_content(json_text, "application/json");
  return Status::ok();
}

// ---------------------------------------------------------------- requests

Result<Json> body_json(const Ctx& ctx) {
  if (ctx.req.body.empty()) return invalid_argument("a JSON request body is required", "body");
  auto parsed = parse_json(ctx.req.body, "body");
  if (!parsed) return parsed.status();
  if (!parsed->is_object()) return invalid_argument("the request body must be a JSON object", "body");
  return parsed;
}

namespace {
bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}
}  // namespace

Result<Id> path_id(const Ctx& ctx, std::size_t index, const char* field) {
  std::int64_t id = 0;
  if (!parse_int64(ctx.path[index], id) || id <= 0)
    return invalid_argument(std::string(field) + " must be a positive integer", field);
  return id;
}

Status query_text(const Ctx& ctx, const char* name, std::optional<std::string>& out) {
  if (ctx.req.has_param(name)) out = ctx.req.get_param_value(name);
  return Status::ok();
}

Status query_int(const Ctx& ctx, const char* name, std::optional<std::int64_t>& out) {
  if (!ctx.req.has_param(name)) return Status::ok();
  std::int64_t v = 0;
  if (!parse_int64(ctx.req.get_param_value(name), v))
    return invalid_argument(std::string(name) + " must be an integer", name);
  out = v;
  return Status::ok();
}

Status query_bool(const Ctx& ctx, const char* name, std::optional<bool>& out) {
  if (!ctx.req.has_param(name)) return Status::ok();
  const std::string v = ctx.req.get_param_value(name);
  if (v == "true" || v == "1")
    out = true;
  else if (v == "false" || v == "0")
    out = false;
  else
    return invalid_argument(std::string(name) + " must be true or false", name);
  return Status::ok();
}

Status query_time(const Ctx& ctx, const char* name, std::optional<Timestamp>& out) {
  if (!ctx.req.has_param(name)) return Status::ok();
  const std::string v = ctx.req.get_param_value(name);
  std::int64_t seconds = 0;
  if (parse_int64(v, seconds)) {
    out = seconds;
  } else if (auto ts = parse_timestamp(v)) {
    out = *ts;
  } else {
    return invalid_argument(std::string(name) + " must be an ISO-8601 time or unix seconds", name);
  }
  return check_time(*out, name);
}

const std::vector<QueryParam> kPageParams = {
    {"cursor", "string", "Opaque cursor from the previous page's next_cursor"},
    {"limit", "integer", "Page size, 1..1000 (default 50)"}};

std::vector<QueryParam> with_page_params(std::vector<QueryParam> params) {
  params.insert(params.end(), kPageParams.begin(), kPageParams.end());
  return params;
}

Status page_request(const Ctx& ctx, PageRequest& out) {
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
  OIIS_RETURN_IF_ERROR(query_text(ctx, "cursor", cursor));
  OIIS_RETURN_IF_ERROR(query_int(ctx, "limit", limit));
  if (limit && (*limit < 1 || *limit > 1000))
    return invalid_argument("limit must be between 1 and 1000", "limit");
  if (cursor) out.cursor = *cursor;
  if (limit) out.limit = static_cast<int>(*limit);
  return Status::ok();
}

Result<Id> resolve_product(Store& store, Json& object, const std::string& prefix) {
  if (!object.is_object()) return invalid_argument("expected a JSON object", prefix + "sku");
  auto sku = object.find("sku");
  if (sku != object.end() && !sku->is_null()) {
    if (!sku->is_string()) return invalid_argument(prefix + "sku must be a string", prefix + "sku");
    if (object.contains("product_id"))
      return invalid_argument("give either sku or product_id, not both", prefix + "sku");
    auto product = store.get_product_by_sku(sku->get<std::string>());
    if (!product) {
      if (product.status().code() == ErrorCode::kNotFound)
        return not_found("unknown sku '" + clip_for_message(sku->get<std::string>()) + "'",
                         prefix + "sku");
      return product.status();
    }
    object.erase("sku");
    object["product_id"] = product->id;
    return product->id;
  }
  auto id = object.find("product_id");
  if (id == object.end() || id->is_null())
    return invalid_argument("sku or product_id is required", prefix + "sku");
  if (!id->is_number_integer() || id->get<std::int64_t>() <= 0)
    return invalid_argument(prefix + "product_id must be a positive integer", prefix + "product_id");
  return id->get<std::int64_t>();
}

// ---------------------------------------------------------------- state

RouteTable build_route_table() {
  RouteTable table;
  add_catalog_routes(table);
  add_order_routes(table);
  add_stock_routes(table);
  add_purchase_order_routes(table);
  add_admin_routes(table);
  add_forecast_routes(table);
  add_inventory_routes(table);
  add_recommendation_routes(table);
  add_kb_routes(table);
  add_customer_analytics_routes(table);
  add_model_routes(table);
  add_agent_routes(table);
  add_system_routes(table);
  add_web_routes(table);
  add_alert_routes(table);
  add_voice_routes(table);
  add_overview_routes(table);
  return table;
}

namespace {
std::vector<RouteLabel> labels_of(const RouteTable& table) {
  std::vector<RouteLabel> labels;
  for (const auto& r : table) labels.push_back({r.method, r.pattern});
  return labels;
}
}  // namespace

namespace {

// The Redis client of `url`; null (and a log line) when there is none or the URL is bad
// (`oiis serve` checks the URL before it starts).
std::unique_ptr<mlops::RedisClient> shared_cache(const std::string& url) {
  if (url.empty()) return nullptr;
  auto client = mlops::RedisClient::create(url);
  if (!client) {
    log_error("redis: " + client.status().to_string());
    return nullptr;
  }
  if (Status up = (*client)->ping(); !up.is_ok())
    log_warn(up.to_string() + " (the prediction cache keeps trying it)");
  return std::move(*client);
}

// The per-key limit: shared through Redis when there is one (kept in process, and a log line,
// when its URL is bad; `oiis serve` checks the URL before it starts).
std::unique_ptr<RequestLimiter> request_limiter(const ServerConfig& config) {
  const double rate = config.rate_limit_per_key, burst = 2 * config.rate_limit_per_key;
  auto limiter = make_request_limiter(config.redis_url, rate, burst);
  if (limiter) return std::move(*limiter);
  log_error("rate limits: " + limiter.status().to_string() + " (kept in this process)");
  return std::make_unique<RateLimiter>(rate, burst);
}

}  // namespace

Api::Api(Store& store, ServerConfig config)
    : store_(store),
      config_(std::move(config)),
      keys_(store_, std::chrono::seconds(config_.key_cache_ttl_seconds), config_.admin_keys),
      product_cache_(std::chrono::seconds(config_.product_cache_ttl_seconds)),
      rate_limiter_(request_limiter(config_)),
      audit_(config_.audit_log_path),
      forecasting_(std::make_unique<services::ForecastingService>(store_)),
      recommendations_(std::make_unique<services::RecommendationService>(store_)),
      kb_(std::make_unique<services::KbService>(config_.kb_dir)),
      customer_analytics_(std::make_unique<services::CustomerAnalyticsService>(store_)),
      models_(std::make_unique<services::ModelService>(store_, config_.data_dir,
                                                       shared_cache(config_.redis_url))),
      routes_(build_route_table()),
      http_metrics_(labels_of(routes_)),
      openapi_text_(build_openapi(routes_).dump(2)),
      started_(std::chrono::steady_clock::now()) {
  agents::AssistantOptions assistant;
  assistant.tools.store = &store_;
  assistant.tools.data_dir = config_.data_dir;
  assistant.tools.analytics = customer_analytics_.get();
  assistant.tools.recommendations = recommendations_.get();
  assistant.tools.kb = kb_.get();
  assistant_ = std::make_unique<agents::Assistant>(std::move(assistant));
  services::VoiceOptions voice;
  voice.cache_dir = config_.data_dir.empty() ? "" : (std::filesystem::path(config_.data_dir) / "voice").string();
  for (const auto& q : agents::shipped_training_questions()) voice.questions.push_back(q.question);
  voice_ = std::make_unique<services::VoiceService>(store_, std::move(voice));
  start_background_scans();
  web_ = config_.web_root.empty() ? WebAssets::embedded() : WebAssets::from_directory(config_.web_root);
  models_->start_schedule({config_.model_train_every_hours, config_.model_monitor_every_hours,
                           config_.model_retrain_on_alert});
  listen_for_changes();
}

Api::~Api() = default;

// Several processes on one PostgreSQL: a key revoked or a product changed through any of them
// drops the cached copies here within a notice's round trip, instead of the caches' TTLs. A
// feed that cannot start leaves the TTLs as the only bound.
void Api::listen_for_changes() {
  if (config_.store_url.empty()) return;
  auto feed = watch_store_changes(config_.store_url,
                                  [this](const ChangeNotice& n) { forget_changed(n); });
  if (!feed) {
    log_warn("change notices unavailable (" + feed.status().message() +
             "): other processes' changes reach the caches only as entries expire");
    return;
  }
  changes_ = std::move(*feed);
}

void Api::forget_changed(const ChangeNotice& notice) {
  ++change_notices_;
  const bool all = notice.key.empty();
  switch (notice.kind) {
    case ChangeNotice::Kind::kApiKey:
      all ? keys_.forget_all() : keys_.forget(notice.key);
      break;
    case ChangeNotice::Kind::kProduct:
      all ? product_cache_.clear() : product_cache_.invalidate(notice.key);
      break;
    case ChangeNotice::Kind::kModel:
      models_->forget_cached_predictions(notice.key);
      break;
    case ChangeNotice::Kind::kEverything:
      keys_.forget_all();
      product_cache_.clear();
      models_->forget_cached_predictions("");
      break;
  }
}

namespace {

mlops::Scheduler::Clock::duration hours(double h) {
  return std::chrono::duration_cast<mlops::Scheduler::Clock::duration>(
      std::chrono::duration<double, std::ratio<3600>>(h));
}

}  // namespace

void Api::start_background_scans() {
  std::vector<mlops::Scheduler::Task> tasks;
  if (config_.alert_scan_every_hours > 0) {
    auto scan = [this] {
      auto summary = services::scan_and_store_alerts(store_);
      if (!summary) {
        log_error("alert scan failed: " + summary.status().message());
        return;
      }
      std::size_t added = 0;
      for (const auto& [type, n] : summary->added) added += n;
      log_info("alert scan: " + std::to_string(added) + " new alerts");
    };
    tasks.push_back({"alerts", hours(config_.alert_scan_every_hours), scan, std::chrono::seconds(0)});
  }
  if (config_.order_risk_every_hours > 0) {
    order_risk_ = std::make_unique<services::OrderRiskService>(store_);
    auto refit = [this] {
      if (Status s = order_risk_->refit(); !s.ok()) log_error("order-risk refit failed: " + s.message());
    };
    // First: placements are scored from the moment it is fitted; the alert scan can wait.
    tasks.insert(tasks.begin(), {"order-risk", hours(config_.order_risk_every_hours), refit, std::chrono::seconds(0)});
  }
  if (!tasks.empty()) scans_ = std::make_unique<mlops::Scheduler>(std::move(tasks));
}

std::string Api::render_metrics() {
  std::string out;
  out.reserve(64 * 1024);
  http_metrics_.render(out);
  store_.metrics().render(out);
  models_->render_metrics(out);
  out += "# HELP oiis_change_notices_total Change notices from the store applied to this "
         "process's caches (PostgreSQL only).\n";
  out += "# TYPE oiis_change_notices_total counter\n";
  out += "oiis_change_notices_total " + std::to_string(change_notices_.load()) + "\n";
  out += "# HELP oiis_rate_limit_fallbacks_total Requests whose rate limit was decided in this "
         "process because the shared limiter (Redis) did not answer.\n";
  out += "# TYPE oiis_rate_limit_fallbacks_total counter\n";
  out += "oiis_rate_limit_fallbacks_total " + std::to_string(rate_limiter_->fallbacks()) + "\n";
  out += "# HELP oiis_uptime_seconds Seconds since the server started.\n";
  out += "# TYPE oiis_uptime_seconds gauge\n";
  out += "oiis_uptime_seconds " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::steady_clock::now() - started_)
                            .count()) +
         "\n";
  return out;
}

}  // namespace oiis::server
