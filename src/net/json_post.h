// POSTing JSON to a server with retries: the language-model clients (agents/llm) and the
// knowledge base's remote embedder (kb/remote_embedder.h) share it. Owns the HTTP (cpp-httplib).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace oiis::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Where and how patiently to POST.
struct Endpoint {
  std::string base_url;            // scheme, host, port and an optional path prefix
  int timeout_ms = 60000;          // per attempt: connecting, sending, and waiting for the reply
  int max_retries = 2;             // further attempts after a transient failure
  int backoff_ms = 500;            // wait before the first retry; doubles for each further one
  std::string what = "model server";  // how messages name the server
};

// POSTs `body` to base_url + `path` ("/v1/messages") and returns the reply's JSON.
//  - connection errors, timeouts, 429 and 5xx: retried up to max_retries times, waiting
//    backoff_ms, 2x, 4x ... (at most 30 s, or longer when Retry-After asks, up to 30 s), then
//    kUnavailable saying what the last attempt got;
//  - 400 kInvalidArgument, 401 kUnauthenticated, 403 kPermissionDenied, 404 kNotFound (a wrong
//    base_url or model), other 4xx kFailedPrecondition: not retried;
//  - a 2xx whose body is not JSON: kInternal.
// Each message names the URL and carries the server's own error text; never the key.
Result<nlohmann::json> post_json(const Endpoint& endpoint, const std::string& path,
                                 const HeaderList& headers, const nlohmann::json& body);

// base_url split into what httplib::Client takes ("http://host:port") and a path prefix
// ("" or "/proxy"); a trailing "/" or "/v1" is dropped because callers add "/v1/...".
// kInvalidArgument (field "base_url") unless it starts with http:// or https:// and names a host.
struct BaseUrl {
  std::string origin;
  std::string prefix;
};
Result<BaseUrl> split_base_url(const std::string& base_url);

// JSON text safe to send whatever bytes the data held: invalid UTF-8 (a product name imported
// from a legacy file) is replaced rather than throwing.
std::string json_text(const nlohmann::json& value);

}  // namespace oiis::net
