#include "integration/server_process.h"

#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/free_port.h"

namespace oiis::itest {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string oiis_binary() {
  if (const char* path = std::getenv("OIIS_BINARY"); path && *path)
    return fs::exists(path) ? path : "";
  // Fallback: `oiis` is built beside the test binary (both in the build folder's root).
  std::error_code ec;
  fs::path beside = fs::read_symlink("/proc/self/exe", ec).parent_path() / "oiis";
  return !ec && fs::exists(beside) ? beside.string() : "";
}

// ---------------------------------------------------------------------------------- TempDir

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "oiis-itest-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

// ---------------------------------------------------------------------------- ServerProcess

ServerProcess::ServerProcess(std::vector<std::string> serve_args, const std::string& admin_key,
                             const std::string& log_path)
    : log_path_(log_path) {
  port_ = testing::free_loopback_port();
  if (log_path_.empty()) {
    log_path_ = (fs::temp_directory_path() / ("oiis-itest-server-" + std::to_string(port_) + ".log"))
                    .string();
    own_log_ = true;
  }
  serve_args.insert(serve_args.end(), {"--host", "127.0.0.1", "--port", std::to_string(port_)});
  // ctest runs some of these tests a second time on another HTTP engine (CMakeLists.txt).
  const char* engine = std::getenv("OIIS_TEST_HTTP_ENGINE");
  if (engine && *engine && !serve_args.empty() && serve_args[0] == "serve")
    serve_args.insert(serve_args.end(), {"--http-engine", engine});
  std::vector<std::string> argv{oiis_binary()};
  argv.insert(argv.end(), serve_args.begin(), serve_args.end());
  process_ = testing::ChildProcess::spawn(argv, log_path_, {"OIIS_ADMIN_KEY=" + admin_key});
  if (!process_.started()) ADD_FAILURE() << "fork failed";
}

ServerProcess::~ServerProcess() {
  stop();
  if (own_log_) ::unlink(log_path_.c_str());
}

bool ServerProcess::running() { return !process_.exited(); }

bool ServerProcess::wait_ready(std::chrono::seconds timeout) {
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(1s);
  client.set_read_timeout(2s);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) return false;
    if (auto r = client.Get("/healthz"); r && r->status == 200) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

void ServerProcess::kill9() { process_.kill_hard(); }

void ServerProcess::stop(std::chrono::milliseconds grace) { process_.stop(grace); }

std::string ServerProcess::log(size_t max_chars) const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() > max_chars) text = "..." + text.substr(text.size() - max_chars);
  return "---- server log (" + log_path_ + ") ----\n" + text;
}

// ---------------------------------------------------------------------------------- Api

Json Response::json() const { return Json::parse(body, nullptr, /*allow_exceptions=*/false); }

struct Api::Impl {
  httplib::Client client;
  Impl(int port) : client("127.0.0.1", port) {}
};

Api::Api(int port, const std::string& key, std::chrono::seconds read_timeout)
    : impl_(std::make_unique<Impl>(port)) {
  impl_->client.set_bearer_token_auth(key);
  impl_->client.set_keep_alive(true);
  impl_->client.set_connection_timeout(2s);
  impl_->client.set_read_timeout(read_timeout);
}

Api::~Api() = default;
Api::Api(Api&&) noexcept = default;

Response Api::get(const std::string& path) {
  auto r = impl_->client.Get(path);
  if (!r) return {};
  return {r->status, r->body};
}

Response Api::post(const std::string& path, const Json& body,
                   const std::map<std::string, std::string>& headers) {
  httplib::Headers h(headers.begin(), headers.end());
  auto r = impl_->client.Post(path, h, body.dump(), "application/json");
  if (!r) return {};
  return {r->status, r->body};
}

Response Api::patch(const std::string& path, const Json& body) {
  auto r = impl_->client.Patch(path, body.dump(), "application/json");
  if (!r) return {};
  return {r->status, r->body};
}

Response Api::del(const std::string& path) {
  auto r = impl_->client.Delete(path);
  if (!r) return {};
  return {r->status, r->body};
}

// ------------------------------------------------------------------------ API conveniences

namespace {

// A list endpoint's rows: {"items": [...]} (pages), {"levels": [...]} (stock of a sku).
Json items_of(const Json& j) {
  for (const char* key : {"items", "levels"})
    if (j.is_object() && j.contains(key) && j[key].is_array()) return j[key];
  return Json::array();
}

Json get_ok(Api& api, const std::string& path) {
  auto r = api.get(path);
  if (r.status != 200) {
    ADD_FAILURE() << "GET " << path << " -> " << r.status << " " << r.body;
    return Json();
  }
  return r.json();
}

}  // namespace

std::vector<std::string> first_skus(Api& api, int n) {
  std::vector<std::string> skus;
  for (const auto& p : items_of(get_ok(api, "/api/v1/products?limit=" + std::to_string(n))))
    if (p.contains("sku")) skus.push_back(p["sku"].get<std::string>());
  return skus;
}

std::optional<long long> first_customer_id(Api& api) {
  auto items = items_of(api.get("/api/v1/customers?limit=1").json());
  if (items.empty() || !items[0].contains("id")) return std::nullopt;
  return items[0]["id"].get<long long>();
}

std::optional<long long> on_hand(Api& api, const std::string& sku, long long location_id) {
  for (const auto& level : items_of(get_ok(api, "/api/v1/stock/" + sku)))
    if (level.value("location_id", 0LL) == location_id) return level["on_hand"].get<long long>();
  ADD_FAILURE() << "no stock level for " << sku << " at location " << location_id;
  return std::nullopt;
}

std::optional<long long> default_location(Api& api, const std::string& sku) {
  std::optional<long long> lowest;
  for (const auto& level : items_of(get_ok(api, "/api/v1/stock/" + sku))) {
    long long id = level.value("location_id", 0LL);
    if (!lowest || id < *lowest) lowest = id;
  }
  if (!lowest) ADD_FAILURE() << "no stock levels for " << sku;
  return lowest;
}

Response post_order(Api& api, std::optional<long long> customer_id,
                    const std::vector<LineSpec>& lines, const std::string& idempotency_key,
                    const std::string& external_id) {
  Json body = {{"lines", Json::array()}};
  if (customer_id) body["customer_id"] = *customer_id;
  if (!external_id.empty()) body["external_id"] = external_id;
  for (const auto& l : lines) body["lines"].push_back({{"sku", l.sku}, {"quantity", l.quantity}});
  std::map<std::string, std::string> headers;
  if (!idempotency_key.empty()) headers["Idempotency-Key"] = idempotency_key;
  return api.post("/api/v1/orders", body, headers);
}

bool set_stock(Api& api, const std::string& sku, long long location_id, long long quantity) {
  Json body = {{"sku", sku},
               {"location_id", location_id},
               {"type", "count"},
               {"quantity", quantity},
               {"reason", "integration test"}};
  auto r = api.post("/api/v1/stock/adjustments", body);
  if (r.status / 100 != 2) ADD_FAILURE() << "stock count " << sku << " -> " << r.status << " " << r.body;
  return r.status / 100 == 2;
}

}  // namespace oiis::itest
