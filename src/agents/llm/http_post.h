// The language-model clients' POST: net/json_post.h with the client's configuration. Internal to
// src/agents/llm.
#pragma once

#include "agents/llm/client.h"
#include "net/json_post.h"

namespace oiis::agents::llm {

using net::BaseUrl;
using net::HeaderList;
using net::json_text;
using net::split_base_url;

inline Result<nlohmann::json> post_json(const LlmConfig& config, const std::string& path,
                                        const HeaderList& headers, const nlohmann::json& body) {
  return net::post_json({config.base_url, config.timeout_ms, config.max_retries, config.backoff_ms, "model server"},
                        path, headers, body);
}

}  // namespace oiis::agents::llm
