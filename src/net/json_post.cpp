#include "net/json_post.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

namespace oiis::net {
namespace {

constexpr int kMaxWaitMs = 30000;

// The server's own explanation: {"error": {"message": ...}} (OpenAI, Anthropic, vLLM),
// {"error": "..."} (Ollama), else the start of the body.
std::string server_error_detail(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object() && j.contains("error")) {
    const auto& e = j["error"];
    if (e.is_string()) return e.get<std::string>();
    if (e.is_object() && e.contains("message") && e["message"].is_string())
      return e["message"].get<std::string>();
  }
  std::string text = body.substr(0, 300);
  return text.empty() ? "(empty body)" : text;
}

Status status_for(const Endpoint& endpoint, int http_status, const std::string& url, const std::string& body) {
  std::string message = endpoint.what + " at " + url + " answered " + std::to_string(http_status) +
                        ": " + server_error_detail(body);
  switch (http_status) {
    case 400: return invalid_argument(message, "request");
    case 401: return Status(ErrorCode::kUnauthenticated, message + " (check api_key)", "api_key");
    case 403: return Status(ErrorCode::kPermissionDenied, message, "api_key");
    case 404: return not_found(message + " (check base_url and model)", "base_url");
    default:
      // 429 and 5xx are transient: the caller retries them and reports kUnavailable at the end.
      if (http_status == 429 || http_status >= 500) return unavailable(message);
      return failed_precondition(message);
  }
}

bool retryable(int http_status) { return http_status == 429 || http_status >= 500; }

// Retry-After in seconds (the form model servers use); 0 when absent or an HTTP date.
int retry_after_ms(const httplib::Response& res) {
  if (!res.has_header("Retry-After")) return 0;
  const auto value = res.get_header_value("Retry-After");
  if (value.empty() || !std::all_of(value.begin(), value.end(), ::isdigit) || value.size() > 5)
    return 0;
  return std::stoi(value) * 1000;
}

// What one attempt got: a reply, a final error, or a transient error worth another try.
struct Attempt {
  std::optional<nlohmann::json> reply;
  Status error;
  bool retry = false;
  int wait_ms = 0;  // the server's Retry-After, if any
};

Attempt attempt_post(const Endpoint& config, const BaseUrl& base, const std::string& path,
                       const httplib::Headers& headers, const std::string& body) {
  const std::string url = base.origin + base.prefix + path;
  httplib::Client client(base.origin);
  const auto timeout = std::chrono::milliseconds(std::max(1, config.timeout_ms));
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  auto res = client.Post(base.prefix + path, headers, body, "application/json");
  Attempt out;
  if (!res) {
    const auto err = res.error();
    // httplib reports a read that timed out as Error::Read: say both, since either is likely.
    std::string what = err == httplib::Error::Read
                           ? "no reply within timeout_ms=" + std::to_string(config.timeout_ms) +
                                 " (timed out or the connection dropped)"
                           : "connection failed (" + httplib::to_string(err) + ")";
    out.error = unavailable(config.what + " at " + url + ": " + what);
    out.retry = true;
    return out;
  }
  if (res->status < 200 || res->status >= 300) {
    out.error = status_for(config, res->status, url, res->body);
    out.retry = retryable(res->status);
    if (out.retry) out.wait_ms = retry_after_ms(*res);
    return out;
  }
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded()) {
    out.error = internal_error(config.what + " at " + url + " answered " +
                               std::to_string(res->status) + " with a body that is not JSON: " +
                               res->body.substr(0, 200));
    return out;
  }
  out.reply = std::move(j);
  return out;
}

}  // namespace

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<BaseUrl> split_base_url(const std::string& base_url) {
  std::string url = base_url;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos ||
      (url.compare(0, scheme_end, "http") != 0 && url.compare(0, scheme_end, "https") != 0))
    return invalid_argument("base_url must start with http:// or https://: '" + base_url + "'",
                            "base_url");
  while (!url.empty() && url.back() == '/') url.pop_back();
  // Users copy ".../v1" from server docs; the clients add it themselves.
  if (url.size() > 3 && url.compare(url.size() - 3, 3, "/v1") == 0) url.resize(url.size() - 3);
  size_t path_start = url.find('/', scheme_end + 3);
  BaseUrl out;
  out.origin = url.substr(0, path_start);
  out.prefix = path_start == std::string::npos ? "" : url.substr(path_start);
  if (out.origin.size() <= scheme_end + 3)
    return invalid_argument("base_url names no host: '" + base_url + "'", "base_url");
  return out;
}

Result<nlohmann::json> post_json(const Endpoint& config, const std::string& path,
                                 const HeaderList& headers, const nlohmann::json& body) {
  auto base = split_base_url(config.base_url);
  if (!base.is_ok()) return base.status();
  httplib::Headers http_headers;
  for (const auto& [k, v] : headers) http_headers.emplace(k, v);
  const std::string text = json_text(body);
  // A config built in code rather than parsed may hold negative numbers: read them as none.
  const int retries = std::max(0, config.max_retries);
  Status last;
  int wait_ms = 0;
  for (int attempt = 0; attempt <= retries; ++attempt) {
    if (attempt > 0) {
      // Doubling from backoff_ms, capped, so that a busy server gets room to recover; longer
      // when the server said how long to wait (Retry-After).
      long long backoff = static_cast<long long>(std::max(0, config.backoff_ms)) << std::min(attempt - 1, 16);
      long long wait = std::min<long long>(std::max<long long>(backoff, wait_ms), kMaxWaitMs);
      std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    auto got = attempt_post(config, base.value(), path, http_headers, text);
    if (got.reply) return std::move(*got.reply);
    if (!got.retry) return got.error;
    last = got.error;
    wait_ms = got.wait_ms;
  }
  return Status(last.code(), last.message() + " (after " + std::to_string(retries + 1) +
                                 " attempts)", last.field());
}

}  // namespace oiis::net
