#include "server/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/input_limits.h"
#include "common/log.h"
#include "server/api.h"
#include "server/http_engine.h"
#include "server/http_wire.h"
#include "server/router.h"

namespace oiis {

int default_server_threads() {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(64, 4 * cores);
}

namespace {

using server::Api;
using server::AuditEntry;
using server::GateLimits;
using server::Ctx;
using server::RouteMatch;
using server::RouteSpec;
using server::write_error;

std::string_view bearer_token(const httplib::Request& req) {
  auto it = req.headers.find("Authorization");
  if (it == req.headers.end()) return {};
  std::string_view v = it->second;
  constexpr std::string_view kBearer = "Bearer ";
  if (v.size() <= kBearer.size() || !std::equal(kBearer.begin(), kBearer.end(), v.begin(),
                                                [](char a, char b) {
                                                  return std::tolower(a) == std::tolower(b);
                                                }))
    return {};
  v.remove_prefix(kBearer.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

GateLimits gate_limits(const ServerConfig& config) {
  GateLimits limits;
  limits.idle_timeout = std::chrono::seconds(config.keep_alive_timeout_seconds);
  limits.header_timeout = std::chrono::seconds(config.header_timeout_seconds);
  limits.request_timeout = std::chrono::seconds(config.request_timeout_seconds);
  limits.max_header_bytes = config.max_header_bytes;
  limits.max_header_count = config.max_header_count;
  limits.max_body_bytes = config.max_body_bytes;
  limits.max_connections_per_client = config.max_connections_per_client;
  limits.max_connections = config.max_connections;
  return limits;
}

// Parked connections each hold a descriptor: lift the soft limit (often 1024) to the hard one
// so the connection limits, not EMFILE on accept, decide who is refused.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Paths and query strings arrive percent-decoded as raw bytes; everything downstream (the
// store, JSON replies) assumes UTF-8, so bytes that are not are refused here, once.
Status check_request_text(const httplib::Request& req) {
  OIIS_RETURN_IF_ERROR(check_utf8(req.path, "path"));
  for (const auto& [name, value] : req.params) {
    OIIS_RETURN_IF_ERROR(check_utf8(name, "query"));
    OIIS_RETURN_IF_ERROR(check_utf8(value, name));
  }
  return Status::ok();
}

// A query parameter the route does not take is refused with the ones it does, rather than
// silently ignored (a typo such as ?limt=5 would otherwise answer something else).
Status check_query_names(const RouteSpec& spec, const httplib::Request& req) {
  for (const auto& param : req.params) {
    const std::string& name = param.first;  // a named reference: clang 14 cannot capture a binding
    const bool known = std::any_of(spec.query.begin(), spec.query.end(),
                                   [&](const server::QueryParam& q) { return q.name == name; });
    if (known) continue;
    std::string allowed;
    for (const auto& q : spec.query) {
      if (!allowed.empty()) allowed += ", ";
      allowed += q.name;
    }
    return invalid_argument("unknown query parameter '" + clip_for_message(name, 64) +
                                "' (this route takes " + (allowed.empty() ? "none" : allowed) +
                                ")",
                            clip_for_message(name, 64));
  }
  return Status::ok();
}

}  // namespace

struct Server::Impl {
  Impl(Store& store, ServerConfig config)
      : api(store, std::move(config)), router(api.routes()) {}

  Status authorize(const RouteSpec& spec, const httplib::Request& req, Ctx& ctx) {
    if (!spec.role) {
      ctx.role = Role::kAdmin;
      return Status::ok();
    }
    const std::string_view token = bearer_token(req);
    if (token.empty())
      return Status(ErrorCode::kUnauthenticated,
                    req.has_header("Authorization")
                        ? "the Authorization header must read 'Bearer <key>' (the word Bearer, "
                          "a space, then the key)"
                        : "missing API key: send 'Authorization: Bearer <key>'",
                    "Authorization");
    auto held = api.keys().authenticate(token);
    if (!held) {
      const Status& s = held.status();
      return Status(s.code(), s.message(),
                    s.code() == ErrorCode::kUnauthenticated ? "Authorization" : "");
    }
    ctx.key_id = held->key_id;
    ctx.key_name = held->name;
    ctx.role = held->role;
    if (!role_allows(held->role, *spec.role))
      return Status(ErrorCode::kPermissionDenied,
                    "this API key has role '" + std::string(to_string(held->role)) + "'; " +
                        spec.method + " " + spec.pattern + " needs '" +
                        std::string(to_string(*spec.role)) + "'");
    // A stable, non-secret name for the key: scopes idempotency keys and rate limits.
    ctx.caller = held->hash_prefix;
    return Status::ok();
  }

  // Every write attempt that got past authentication, with its answer: refused ones too, so
  // the log also shows who tried what. Written before the answer is sent.
  void record_write(const Ctx& ctx) {
    AuditEntry e;
    e.at = now_utc();
    e.key_id = ctx.key_id;
    e.key_name = ctx.key_name;
    e.role = ctx.role;
    e.method = ctx.req.method;
    e.path = ctx.req.path;
    e.status = ctx.res.status;
    e.location = ctx.res.get_header_value("Location");
    api.audit().record(std::move(e));
  }

  // Debian's httplib compresses with Brotli at its highest quality whenever a client accepts
  // it (every browser does): 1 s for the dashboard's chart script, 4.5 s for a 2 MB report,
  // where gzip takes 30 ms. So "br" is taken out of Accept-Encoding and gzip answers. (The
  // request object is the server's own, only handed to us as const.)
  static void prefer_gzip(const httplib::Request& req) {
    auto range = req.headers.equal_range("Accept-Encoding");
    for (auto it = range.first; it != range.second; ++it) {
      std::string& value = const_cast<std::string&>(it->second);
      for (auto at = value.find("br"); at != std::string::npos; at = value.find("br")) value.replace(at, 2, "");
    }
  }

  void dispatch(const httplib::Request& req, httplib::Response& res) {
    prefer_gzip(req);
    const std::string_view method =
        req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
    RouteMatch m = router.match(method, req.path);
    // Records the request even when a handler throws (the exception handler answers 500).
    struct Record {
      Impl& impl;
      httplib::Response& res;
      std::size_t slot;
      std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
      ~Record() {
        const int status = std::uncaught_exceptions() > 0 ? 500 : res.status;
        impl.api.http_metrics().record(slot, status,
                                       std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           std::chrono::steady_clock::now() - start)
                                           .count());
      }
    } record{*this, res,
             m.kind == RouteMatch::kFound ? m.route : api.http_metrics().unmatched_slot()};

    if (m.kind == RouteMatch::kNoPath) {
      write_error(res, 404, "not_found", "no route for " + req.method + " " + req.path);
      return;
    }
    if (m.kind == RouteMatch::kWrongMethod) {
      res.set_header("Allow", m.allow);
      write_error(res, 405, "method_not_allowed",
                  req.method + " is not allowed on " + req.path + " (allowed: " + m.allow + ")");
      return;
    }
    // cpp-httplib hands a body in an encoding it cannot undo to the handler as it came; the
    // Asio engine refuses it before here. Either way nothing runs on bytes it cannot read.
    if (const server::wire::Refusal refusal = server::wire::unsupported_encoding(req);
        refusal.status != 0) {
      write_error(res, refusal.status, server::wire::error_code_for_status(refusal.status),
                  refusal.message, refusal.field);
      return;
    }
    const RouteSpec& spec = api.routes()[m.route];
    Ctx ctx{req, res, api, api.store(), m.path};
    Status status = check_request_text(req);
    if (status.is_ok()) status = check_query_names(spec, req);
    if (status.is_ok()) status = authorize(spec, req, ctx);
    if (status.is_ok() && spec.role && !api.rate_limiter().allow(ctx.caller)) {
      res.set_header("Retry-After", "1");
      write_error(res, 429, "rate_limited",
                  "this API key is over its request rate; retry after a second", "Authorization");
      return;
    }
    if (status.is_ok()) status = spec.handler(ctx);
    if (!status.is_ok()) write_error(res, status);
    // key_name is set once the key is known (even when its role then falls short: 403).
    if (method != "GET" && method != "OPTIONS" && !ctx.key_name.empty()) record_write(ctx);
  }

  // Builds the engine named by the config; false when there is no such engine.
  bool configure() {
    const ServerConfig& config = api.config();
    const int threads = config.threads > 0 ? config.threads : default_server_threads();
    http = server::make_http_engine(
        config.http_engine,
        [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); },
        static_cast<std::size_t>(threads), gate_limits(config));
    return http != nullptr;
  }

  Api api;
  server::Router router;
  std::unique_ptr<server::HttpEngine> http;
  int port = 0;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::create(Store& store, ServerConfig config) {
  if (config.port < 0 || config.port > 65535)
    return invalid_argument("port must be between 0 and 65535", "port");
  if (config.threads < 0) return invalid_argument("threads must be positive", "threads");
  if (config.max_body_bytes == 0)
    return invalid_argument("max_body_bytes must be positive", "max_body_bytes");
  if (config.keep_alive_timeout_seconds < 1 || config.header_timeout_seconds < 1 ||
      config.request_timeout_seconds < 1)
    return invalid_argument("timeouts must be at least 1 second", "header_timeout_seconds");
  if (config.max_header_bytes < 1024 || config.max_header_count < 8)
    return invalid_argument("max_header_bytes must be >= 1024 and max_header_count >= 8",
                            "max_header_bytes");
  if (config.max_connections_per_client < 1 || config.max_connections < 1)
    return invalid_argument("connection limits must be positive", "max_connections");
  raise_open_file_limit();
  auto impl = std::make_unique<Impl>(store, std::move(config));
  // No audit log, no writes: a server that cannot record who wrote what does not start.
  OIIS_RETURN_IF_ERROR(impl->api.audit().open_status());
  if (!impl->configure()) {
    std::string names;
    for (const auto& name : server::http_engine_names()) names += (names.empty() ? "" : ", ") + name;
    return invalid_argument("unknown HTTP engine '" + clip_for_message(impl->api.config().http_engine, 64) +
                                "' (one of: " + names + ")",
                            "http_engine");
  }
  const ServerConfig& c = impl->api.config();
  impl->port = std::max(0, impl->http->bind(c.host, c.port));
  if (impl->port <= 0)
    return unavailable("cannot bind " + c.host + ":" + std::to_string(c.port) +
                       " (address in use or not available)");
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::listen() {
  if (!impl_->http->listen()) return unavailable("the HTTP listener failed");
  return Status::ok();
}

void Server::stop() {
  if (impl_ && impl_->http) impl_->http->stop();
}

bool Server::is_running() const { return impl_->http && impl_->http->is_running(); }

bool Server::wait_until_running(int timeout_ms) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!is_running()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

int Server::port() const { return impl_->port; }
const std::string& Server::host() const { return impl_->api.config().host; }

std::vector<RouteInfo> Server::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : impl_->api.routes()) out.push_back({r.method, r.pattern});
  return out;
}

}  // namespace oiis
