// `oiis serve`: opens the store (seeding a demo world when it is empty), makes sure there is
// an admin key, and serves the HTTP API until SIGINT/SIGTERM.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <pthread.h>

#include "cli/commands.h"
#include "services/kb_service.h"
#include "common/crypto.h"
#include "common/input_limits.h"
#include "mlops/redis_client.h"
#include "common/progress.h"
#include "data/generator.h"
#include "server/server.h"

namespace oiis::cli {
namespace {

struct ServeArgs {
  StoreArgs store;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string http_engine = "httplib";
  bool no_seed = false;
  ServerConfig limits;  // only the limit fields are read from it
  StreamArgs stream;    // --stream: relay the outbox there in a background thread
  InputLimits input;
  std::string earliest = "1970-01-01", latest = "2200-01-01";
};

// The date window and JSON bounds apply process-wide (parsers read input_limits()).
Status apply_input_limits(ServeArgs& args) {
  auto earliest = parse_timestamp(args.earliest);
  if (!earliest) return invalid_argument("--earliest-time: " + earliest.status().message());
  auto latest = parse_timestamp(args.latest);
  if (!latest) return invalid_argument("--latest-time: " + latest.status().message());
  if (*latest <= *earliest)
    return invalid_argument("--latest-time must be after --earliest-time");
  args.input.min_time = *earliest;
  args.input.max_time = *latest;
  set_input_limits(args.input);
  return Status::ok();
}

// An empty store (no products) gets a smallish, deterministic demo world.
Status seed_if_empty(Store& store, const ServeArgs& args) {
  PageRequest one;
  one.limit = 1;
  auto products = store.list_products({}, one);
  if (!products) return products.status();
  if (!products->items.empty() || args.no_seed) return Status::ok();
  GeneratorConfig config;
  config.seed = 42;
  config.products = 300;
  config.customers = 3000;
  config.days = 365;
  // The demo's history ends yesterday, so an order placed today continues it instead of
  // opening a gap of years that every model would have to explain.
  config.start_date = date_of(now_utc()) - config.days;
  const std::string truth = (std::filesystem::path(args.store.data_dir) / "ground_truth").string();
  std::fprintf(stderr, "empty store: seeding demo data (%d products, %d customers, %d days)...\n",
               config.products, config.customers, config.days);
  TerminalProgressBar progress("seeding");
  auto summary = generate_world(config, store, truth, &progress);
  if (!summary) return summary.status();
  std::fprintf(stderr, "seeded %lld orders in %.1f s; ground truth in %s\n",
               static_cast<long long>(summary->orders), summary->seconds, truth.c_str());
  return Status::ok();
}

// The demo admin key's secret, kept beside the data (owner-only) so a restart prints the same
// key instead of minting another that stays valid forever; empty when none is kept or the
// store no longer honours it (revoked, or another store).
std::string kept_admin_key(Store& store, const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string secret;
  if (!(in >> secret) || secret.empty()) return {};
  auto key = store.find_api_key_by_hash(sha256_hex(secret));
  return key && !key->revoked && key->role == Role::kAdmin ? secret : std::string();
}

// The admin key to print: OIIS_ADMIN_KEY when set, else the demo key kept in DATA/admin.key,
// else a fresh one (stored hashed, its secret written to that file).
Result<std::string> admin_key(Store& store, ServerConfig& config, const std::string& data_dir) {
  if (const char* env = std::getenv("OIIS_ADMIN_KEY"); env && *env) {
    config.admin_keys.emplace_back(env);
    return std::string("from OIIS_ADMIN_KEY");
  }
  const std::filesystem::path file = std::filesystem::path(data_dir) / "admin.key";
  if (std::string kept = kept_admin_key(store, file); !kept.empty()) return kept;
  const std::string secret = "oiis_" + random_hex(24);
  ApiKey key;
  key.name = "demo-admin";
  key.role = Role::kAdmin;
  key.key_hash = sha256_hex(secret);
  key.created_at = now_utc();
  auto created = store.create_api_key(key);
  if (!created) return created.status();
  {
    std::ofstream out(file, std::ios::trunc);
    out << secret << "\n";
  }
  std::error_code ignored;  // best effort: the key works whether or not the file could be kept
  std::filesystem::permissions(file, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write,
                               ignored);
  return secret;
}

// The server's configuration from the command line, for a store at `args.store`.
ServerConfig server_config(const ServeArgs& args) {
  ServerConfig config = args.limits;
  config.host = args.host;
  config.port = args.port;
  config.store_url = args.store.store_url;
  config.threads = args.threads;
  config.http_engine = args.http_engine;
  config.artefact_dir = inventory_artefact_dir(args.store);
  config.data_dir = args.store.data_dir;
  config.kb_dir = services::kb_directory(args.store.data_dir);
  std::error_code made;
  std::filesystem::create_directories(args.store.data_dir, made);
  config.audit_log_path = (std::filesystem::path(args.store.data_dir) / "audit.jsonl").string();
  return config;
}

// Serves until SIGINT or SIGTERM (blocked in every thread; one thread waits for them) or until
// listen() ends by itself. The exit code.
int serve_until_stopped(Server& srv, const sigset_t& stop_signals, const std::string& key) {
  std::atomic<bool> listening_ended{false};
  std::thread signal_waiter([&srv, &listening_ended, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    if (!listening_ended) std::fprintf(stderr, "signal %d: stopping\n", sig);
    srv.stop();
  });
  std::printf("OIIS serving on http://%s:%d  (API key: %s)\n", srv.host().c_str(), srv.port(),
              key.c_str());
  std::fflush(stdout);
  Status served = srv.listen();
  // listen() may also end without a signal; wake the waiter so it can be joined.
  listening_ended = true;
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  if (!served) {
    std::fprintf(stderr, "error: %s\n", served.to_string().c_str());
    return 1;
  }
  std::fprintf(stderr, "stopped\n");
  return 0;
}

int run_serve(ServeArgs& args) {
  if (Status s = apply_input_limits(args); !s) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 2;
  }
  // Block the stop signals in every thread (threads inherit the mask); one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto store = open_store_or_report(args.store);
  if (!store) return 1;
  if (Status s = seed_if_empty(*store, args); !s) {
    std::fprintf(stderr, "error: seeding demo data failed: %s\n", s.to_string().c_str());
    return 1;
  }
  ServerConfig config = server_config(args);
  if (!config.redis_url.empty())
    if (auto redis = mlops::RedisClient::create(config.redis_url); !redis) return fail(redis.status());
  auto key = admin_key(*store, config, args.store.data_dir);
  if (!key) {
    std::fprintf(stderr, "error: cannot create an admin key: %s\n", key.status().to_string().c_str());
    return 1;
  }
  auto server = Server::create(*store, config);
  if (!server) {
    std::fprintf(stderr, "error: %s\n", server.status().to_string().c_str());
    return 1;
  }
  std::unique_ptr<RelayThread> relay;
  if (!args.stream.url.empty()) {
    int failed = 0;
    auto stream = open_stream_or_report(args.stream, {}, failed);
    if (!stream) return failed;
    relay = std::make_unique<RelayThread>(*store, std::move(stream));
  }
  return serve_until_stopped(**server, stop_signals, *key);
}

// Limits of docs/security.md on connections and requests, each with its default in --help.
void add_limit_options(CLI::App& cmd, ServeArgs& a) {
  ServerConfig& l = a.limits;
  cmd.add_option("--max-body-bytes", l.max_body_bytes, "Largest request body (413 above)")
      ->check(CLI::Range(std::size_t(1024), std::size_t(1) << 30))
      ->capture_default_str();
  cmd.add_option("--max-header-bytes", l.max_header_bytes, "Request line + headers (431 above)")
      ->check(CLI::Range(std::size_t(1024), std::size_t(1) << 20))
      ->capture_default_str();
  cmd.add_option("--max-header-count", l.max_header_count, "Header lines (431 above)")
      ->check(CLI::Range(std::size_t(8), std::size_t(10000)))
      ->capture_default_str();
  cmd.add_option("--keep-alive-timeout", l.keep_alive_timeout_seconds,
                 "Seconds an idle connection is kept")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--header-timeout", l.header_timeout_seconds,
                 "Seconds from a request's first byte to the end of its headers")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--request-timeout", l.request_timeout_seconds,
                 "Seconds to read a request body once its headers are in")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--max-connections-per-client", l.max_connections_per_client,
                 "Open connections from one address (503 above)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd.add_option("--max-connections", l.max_connections, "Open connections in all (503 above)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd.add_option("--max-json-depth", a.input.max_json_depth, "Nesting of a JSON body")
      ->check(CLI::Range(2, 512))
      ->capture_default_str();
  cmd.add_option("--max-json-string-bytes", a.input.max_json_string_bytes,
                 "Longest JSON string in a body")
      ->check(CLI::Range(std::size_t(256), std::size_t(1) << 24))
      ->capture_default_str();
  cmd.add_option("--earliest-time", a.earliest, "Earliest accepted business time (ISO-8601)")
      ->capture_default_str();
  cmd.add_option("--latest-time", a.latest, "Accepted business times lie before this")
      ->capture_default_str();
}

// What the server does on its own (rate limits, schedules, the dashboard's files).
void add_service_options(CLI::App& cmd, ServerConfig& l) {
  l.alert_scan_every_hours = 6;  // a served shop is scanned for alerts at start and every 6 h
  l.order_risk_every_hours = 6;  // and its orders are scored at placement by a model refitted as often
  cmd.add_option("--rate-limit", l.rate_limit_per_key,
                 "Requests per second per API key, bursts of twice that (0 = unlimited); per "
                 "process, or shared by every process with the same --redis")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd.add_option("--train-every", l.model_train_every_hours,
                 "Hours between retraining every model family in production (0 = never)")
      ->check(CLI::Range(0.0, 24.0 * 365))
      ->capture_default_str();
  cmd.add_option("--monitor-every", l.model_monitor_every_hours,
                 "Hours between drift and accuracy checks of the production models (0 = never)")
      ->check(CLI::Range(0.0, 24.0 * 365))
      ->capture_default_str();
  cmd.add_option("--redis", l.redis_url,
                 "redis://HOST:PORT: the prediction cache and the per-key rate limits shared by "
                 "several oiis serve processes on one store");
  cmd.add_option("--scan-alerts-every", l.alert_scan_every_hours,
                 "Hours between scans for fraud, price, supplier, shrinkage and model-drift alerts, "
                 "the first at start (0 = never; POST /api/v1/alerts/scan scans on demand)")
      ->check(CLI::Range(0.0, 24.0 * 365))
      ->capture_default_str();
  cmd.add_option("--order-risk-every", l.order_risk_every_hours,
                 "Hours between refits of the fraud model that scores each placed order (the order's "
                 "\"risk\" in the reply), the first at start (0 = no scoring at placement)")
      ->check(CLI::Range(0.0, 24.0 * 365))
      ->capture_default_str();
  cmd.add_option("--web-root", l.web_root,
                 "Serve the dashboard from this folder (e.g. web/dist) instead of the copy built "
                 "into the binary")
      ->check(CLI::ExistingDirectory);
  cmd.add_flag("--no-retrain-on-alert", [&l](std::int64_t) { l.model_retrain_on_alert = false; },
               "A monitoring alert does not retrain at once");
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the HTTP API (seeds demo data when empty)");
  add_store_options(*cmd, args->store);
  add_backorder_option(*cmd, args->store);
  cmd->add_option("--host", args->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", args->port, "TCP port (0 = any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--threads", args->threads,
                  "Worker threads (0 = max(64, 4 x cores); each serves one request at a time)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--http-engine", args->http_engine,
                  "What speaks HTTP: httplib (a worker per connection whose request has "
                  "arrived; the faster on order placements) or asio (one event loop for all "
                  "sockets, workers run the handlers; the faster on reads; docs/benchmarks.md, "
                  "Issue 22 part 3)")
      ->check(CLI::IsMember({"httplib", "asio"}))
      ->capture_default_str();
  cmd->add_flag("--no-seed", args->no_seed, "Do not seed demo data into an empty store");
  add_stream_options(*cmd, args->stream, false);
  add_limit_options(*cmd, *args);
  add_service_options(*cmd, args->limits);
  cmd->callback([args, &exit_code] { exit_code = run_serve(*args); });
}

}  // namespace oiis::cli
