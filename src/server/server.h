// The HTTP/JSON API (REST under /api/v1/, plus /healthz, /metrics, /openapi.json).
// The server holds no business logic: routes parse the request, call the Store and render
// JSON. See docs/api.md for the contract and docs/configuration.md for the knobs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace oiis {

struct ServerConfig {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see Server::port())
  // Worker threads. httplib serves one keep-alive connection per worker at a time, and order
  // placements block on the store's commit, so this should cover the expected concurrent
  // connections. 0 = default_server_threads().
  int threads = 0;
  // What speaks HTTP (server/http_engine.h): "httplib" (a worker per connection whose request
  // has arrived, behind an epoll waiting room) or "asio" (one event loop for every socket's
  // I/O, a worker pool for the handlers). docs/benchmarks.md "Issue 22 part 3" compares them.
  std::string http_engine = "httplib";
  // Plaintext secrets accepted as admin keys in addition to the store's keys (OIIS_ADMIN_KEY).
  std::vector<std::string> admin_keys;
  std::size_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  int key_cache_ttl_seconds = 30;        // how long a looked-up API key is trusted
  int product_cache_ttl_seconds = 5;     // GET /products/{sku} read-through cache (0 = off)
  // Idle keep-alive connections (and new ones that send nothing) are closed after this.
  int keep_alive_timeout_seconds = 5;
  // Connection limits, enforced before a request gets a worker (see docs/security.md).
  int header_timeout_seconds = 10;    // first byte of a request to the end of its headers
  int request_timeout_seconds = 30;   // reading a request body once its headers are in
  std::size_t max_header_bytes = 32 << 10;  // request line + headers (431 above)
  std::size_t max_header_count = 100;       // header lines (431 above)
  int max_connections_per_client = 1000;    // open connections from one address (503 above)
  int max_connections = 10000;              // open connections in all (503 above)
  // Append-only JSON Lines file of every write through the API (who, what, when); "" keeps the
  // audit log in memory only. `oiis serve` uses <data>/audit.jsonl.
  std::string audit_log_path;
  // Requests per second per API key (token bucket, bursts of twice that); 0 = unlimited.
  // Per process, unless `redis_url` is set: then shared by every process on that Redis.
  double rate_limit_per_key = 5000;
  // Where the reorder plan finds the stored calibration (`oiis serve` uses <data>/inventory, as
  // the CLI does). Read only: the server never writes reports (GETs must not write, and no
  // server path is returned); `oiis inventory` jobs store them.
  std::string artefact_dir;
  // The knowledge base the /api/v1/kb routes use (<data>/kb, as `oiis kb` does); empty: none.
  std::string kb_dir;
  // The data directory, where the model registry keeps its artefacts (<data>/models); empty:
  // the model routes list and serve what the store holds but cannot train or promote.
  std::string data_dir;
  // The model schedule (services/model_service.h ModelSchedule): every family with a
  // production model retrained every `model_train_every_hours` and monitored every
  // `model_monitor_every_hours` (0: never); an alert retrains at once when asked.
  double model_train_every_hours = 24;
  double model_monitor_every_hours = 6;
  bool model_retrain_on_alert = true;
  // The store's URL when other processes may share it: a postgresql:// URL makes this server
  // hear their changes (store/change_feed.h) and drop revoked keys and changed products from
  // its caches at once; empty or SQLite: the caches' TTLs bound what other writers change.
  std::string store_url;
  // redis://HOST:PORT: the prediction cache's shared level for several processes on one store
  // (mlops/prediction_cache.h) and the per-key rate limits they share (server/rate_limits.h);
  // empty: both in process only.
  std::string redis_url;
  // The dashboard's files: empty = those embedded in the binary; a folder = served from there
  // (`oiis serve --web-root web/dist`, for working on the dashboard).
  std::string web_root;
  // Hours between scans of the data for alerts (services/alert_service.h), the first at start;
  // 0 = never (tests start servers on purpose-built stores). `oiis serve` defaults to 6.
  double alert_scan_every_hours = 0;
  // Hours between refits of the order-risk model that scores each placed order
  // (services/order_risk_service.h), the first at start; 0 = no scoring at placement (the
  // default for tests' servers). `oiis serve` defaults to 6.
  double order_risk_every_hours = 0;
};

// max(64, 4 x hardware threads).
int default_server_threads();

// One route as documented (and dispatched): method "GET", pattern "/api/v1/products/{sku}".
struct RouteInfo {
  std::string method;
  std::string pattern;
};

class Server {
 public:
  // Builds the routes and binds host:port (so port() is known before listen()).
  // `store` must outlive the server.
  static Result<std::unique_ptr<Server>> create(Store& store, ServerConfig config);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves until stop(); returns OK after a clean stop.
  Status listen();
  // Thread-safe; idempotent. Makes listen() return.
  void stop();
  // True once listen() is accepting connections.
  bool is_running() const;
  // Polls is_running() for up to `timeout_ms`; true when running.
  bool wait_until_running(int timeout_ms = 5000) const;

  int port() const;
  const std::string& host() const;
  // Every route the dispatcher serves (the same table /openapi.json is generated from).
  std::vector<RouteInfo> routes() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace oiis
