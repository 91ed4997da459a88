#include "agents/llm/client.h"

#include <cstdlib>
#include <set>

#include "agents/llm/http_post.h"

namespace oiis::agents::llm {

const char* role_name(Role role) {
  switch (role) {
    case Role::kSystem: return "system";
    case Role::kUser: return "user";
    case Role::kAssistant: return "assistant";
    case Role::kTool: return "tool";
  }
  return "user";
}

namespace {

// An optional string field; kInvalidArgument naming it when present but not a string.
Status llm_read_string(const nlohmann::json& config, const char* key, std::string& out) {
  if (!config.contains(key)) return Status::ok();
  if (!config[key].is_string())
    return invalid_argument(std::string("llm.") + key + " must be a string", std::string("llm.") + key);
  out = config[key].get<std::string>();
  return Status::ok();
}

// An optional integer field within [lo, hi].
Status llm_read_int(const nlohmann::json& config, const char* key, int lo, int hi, int& out) {
  if (!config.contains(key)) return Status::ok();
  const auto& v = config[key];
  const std::string field = std::string("llm.") + key;
  if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
    return invalid_argument(field + " must be an integer from " + std::to_string(lo) + " to " +
                                std::to_string(hi), field);
  out = v.get<int>();
  return Status::ok();
}

Status llm_read_kind(const nlohmann::json& config, LlmConfig& out) {
  std::string kind;
  OIIS_RETURN_IF_ERROR(llm_read_string(config, "kind", kind));
  if (kind == "openai") out.kind = LlmKind::kOpenAi;
  else if (kind == "anthropic") out.kind = LlmKind::kAnthropic;
  else return invalid_argument("llm.kind must be \"openai\" or \"anthropic\"", "llm.kind");
  return Status::ok();
}

// The key itself, or the name of the environment variable that holds it (never both: which
// one counts would be a guess).
Status llm_read_key(const nlohmann::json& config, LlmConfig& out) {
  OIIS_RETURN_IF_ERROR(llm_read_string(config, "api_key", out.api_key));
  std::string env_name;
  OIIS_RETURN_IF_ERROR(llm_read_string(config, "api_key_env", env_name));
  if (env_name.empty()) return Status::ok();
  if (config.contains("api_key"))
    return invalid_argument("give llm.api_key or llm.api_key_env, not both", "llm.api_key_env");
  const char* value = std::getenv(env_name.c_str());
  if (!value || !*value)
    return invalid_argument("llm.api_key_env names " + env_name + ", which is not set",
                            "llm.api_key_env");
  out.api_key = value;
  return Status::ok();
}

}  // namespace

Result<LlmConfig> parse_llm_config(const nlohmann::json& config) {
  if (!config.is_object()) return invalid_argument("llm must be an object", "llm");
  static const std::set<std::string> known = {"kind",       "base_url",    "model",
                                              "api_key",    "api_key_env", "timeout_ms",
                                              "max_retries", "backoff_ms", "max_tokens"};
  for (const auto& [key, v] : config.items())
    if (!known.count(key)) return invalid_argument("llm." + key + " is not a known setting", "llm." + key);
  LlmConfig out;
  if (!config.contains("kind")) return invalid_argument("llm.kind is required", "llm.kind");
  OIIS_RETURN_IF_ERROR(llm_read_kind(config, out));
  OIIS_RETURN_IF_ERROR(llm_read_string(config, "base_url", out.base_url));
  if (out.base_url.empty() && out.kind == LlmKind::kAnthropic) out.base_url = "https://api.anthropic.com";
  if (out.base_url.empty()) return invalid_argument("llm.base_url is required", "llm.base_url");
  if (auto split = split_base_url(out.base_url); !split.is_ok())
    return invalid_argument(split.status().message(), "llm.base_url");
  OIIS_RETURN_IF_ERROR(llm_read_string(config, "model", out.model));
  if (out.model.empty()) return invalid_argument("llm.model is required", "llm.model");
  OIIS_RETURN_IF_ERROR(llm_read_key(config, out));
  OIIS_RETURN_IF_ERROR(llm_read_int(config, "timeout_ms", 1, 600000, out.timeout_ms));
  OIIS_RETURN_IF_ERROR(llm_read_int(config, "max_retries", 0, 10, out.max_retries));
  OIIS_RETURN_IF_ERROR(llm_read_int(config, "backoff_ms", 0, 60000, out.backoff_ms));
  OIIS_RETURN_IF_ERROR(llm_read_int(config, "max_tokens", 1, 1000000, out.max_tokens));
  return out;
}

std::unique_ptr<ChatClient> make_chat_client(const LlmConfig& config) {
  if (config.kind == LlmKind::kAnthropic) return std::make_unique<AnthropicChatClient>(config);
  return std::make_unique<OpenAiChatClient>(config);
}

}  // namespace oiis::agents::llm
