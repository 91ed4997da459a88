// POSTing JSON to a model server with the retry policy both protocols share. Internal to
// src/agents/llm: the clients build the body and read the reply; this owns the HTTP.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/llm/client.h"
#include "common/status.h"

namespace oiis::agents::llm {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// POSTs `body` to base_url + `path` ("/v1/messages") and returns the reply's JSON.
//  - connection errors, timeouts, 429 and 5xx: retried up to config.max_retries times, waiting
//    backoff_ms, 2x, 4x ... (at most 30 s, or longer when Retry-After asks, up to 30 s), then
//    kUnavailable saying what the last attempt got;
//  - 400 kInvalidArgument, 401 kUnauthenticated, 403 kPermissionDenied, 404 kNotFound (a wrong
//    base_url or model), other 4xx kFailedPrecondition: not retried;
//  - a 2xx whose body is not JSON: kInternal.
// Each message names the URL and carries the server's own error text; never the key.
Result<nlohmann::json> post_json(const LlmConfig& config, const std::string& path,
                                 const HeaderList& headers, const nlohmann::json& body);

// base_url split into what httplib::Client takes ("http://host:port") and a path prefix
// ("" or "/proxy"); a trailing "/" or "/v1" is dropped because the clients add "/v1/...".
// kInvalidArgument (field "base_url") unless it starts with http:// or https:// and names a host.
struct BaseUrl {
  std::string origin;
  std::string prefix;
};
Result<BaseUrl> split_base_url(const std::string& base_url);

// JSON text safe to send whatever bytes the data held: invalid UTF-8 (a product name imported
// from a legacy file) is replaced rather than throwing.
std::string json_text(const nlohmann::json& value);

}  // namespace oiis::agents::llm
