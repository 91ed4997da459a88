// Process-level test support: run the real `oiis` binary (OIIS_BINARY, set by ctest) in a
// temporary data folder on a free loopback port, and talk to it over HTTP.
//
//   auto oiis = itest::oiis_binary();            // GTEST_SKIP when empty
//   itest::TempDir dir;
//   itest::ServerProcess server({"serve", "--data", dir.path()}, itest::kAdminKey);
//   ASSERT_TRUE(server.wait_ready()) << server.log();
//   itest::Api api(server.port());
//   auto r = api.get("/api/v1/products?limit=5");
//
// Every process started here dies with its ServerProcess (SIGTERM, then SIGKILL), and also
// when the test binary itself dies (PR_SET_PDEATHSIG), so a failing assertion or a crash
// never leaves a server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/child_process.h"

namespace oiis::itest {

using Json = nlohmann::json;

inline constexpr const char* kAdminKey = "itest-admin-secret";

// Path of the oiis executable: $OIIS_BINARY, else `oiis` beside the test binary; empty when
// neither exists.
std::string oiis_binary();

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// `oiis serve` as a child process. `serve_args` are the arguments after the binary, without
// --port/--host (added here); stdout and stderr go to a log file kept for diagnostics.
class ServerProcess {
 public:
  ServerProcess(std::vector<std::string> serve_args, const std::string& admin_key,
                const std::string& log_path = {});
  ~ServerProcess();  // stop()
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return process_.pid(); }
  bool running();
  // Polls GET /healthz until 200; false on timeout or when the process exits first.
  bool wait_ready(std::chrono::seconds timeout = std::chrono::seconds(90));
  // SIGKILL and reap: the crash under test.
  void kill9();
  // SIGTERM, wait up to `grace`, then SIGKILL; always reaps. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
  // The tail of what the server printed (for failure messages).
  std::string log(size_t max_chars = 4000) const;

 private:
  std::string log_path_;
  bool own_log_ = false;  // we chose the path, so we delete the file
  int port_ = 0;
  testing::ChildProcess process_;
};

struct Response {
  int status = 0;  // 0 = no response (connection refused, reset, timeout)
  std::string body;
  Json json() const;  // parsed body; discarded value when not JSON
};

// One HTTP/1.1 keep-alive connection to the server with the bearer key. Not thread-safe:
// give each client thread its own Api.
class Api {
 public:
  explicit Api(int port, const std::string& key = kAdminKey,
               std::chrono::seconds read_timeout = std::chrono::seconds(30));
  ~Api();
  Api(Api&&) noexcept;
  Response get(const std::string& path);
  Response post(const std::string& path, const Json& body,
                const std::map<std::string, std::string>& headers = {});
  Response patch(const std::string& path, const Json& body);
  Response del(const std::string& path);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Convenience over the API used by several tests; each fails the current test (ADD_FAILURE)
// and returns empty/nullopt when the server answers unexpectedly.
std::vector<std::string> first_skus(Api& api, int n);
std::optional<long long> first_customer_id(Api& api);
// on_hand of `sku` at `location_id`, read from GET /api/v1/stock/{sku}.
std::optional<long long> on_hand(Api& api, const std::string& sku, long long location_id);
// The location orders take stock from by default: the lowest location id holding `sku`.
std::optional<long long> default_location(Api& api, const std::string& sku);
struct LineSpec {
  std::string sku;
  long long quantity = 0;
  bool operator==(const LineSpec&) const = default;
};
// POST /api/v1/orders; customer_id empty = guest order; empty strings are left out.
Response post_order(Api& api, std::optional<long long> customer_id,
                    const std::vector<LineSpec>& lines, const std::string& idempotency_key = {},
                    const std::string& external_id = {});
// Sets on_hand by a stock count; true on success.
bool set_stock(Api& api, const std::string& sku, long long location_id, long long quantity);

}  // namespace oiis::itest
