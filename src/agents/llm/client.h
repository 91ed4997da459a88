// Optional language-model backends for the assistant: one chat interface over two wire
// protocols, the OpenAI-compatible one (llama.cpp's llama-server, vLLM, Ollama, OpenAI) and
// Anthropic's Messages API. The built-in backend needs none of this; a model server is plugged in
// only when a user configures one (docs/agents.md, "LLM backends").
//
// Errors are Status values naming what failed (the URL, the HTTP status, the model server's own
// message). Transient failures (connection errors, timeouts, 429, 5xx) are retried with
// exponential backoff; other 4xx are not, because sending the same request again cannot help.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/tools.h"
#include "common/status.h"

namespace oiis::agents::llm {

enum class Role { kSystem, kUser, kAssistant, kTool };
const char* role_name(Role role);

struct ToolCall {
  std::string id;    // the model's id for the call; a tool message answers it by this id
  std::string name;  // the tool's name
  // The arguments as the model wrote them: an object normally; a string when the model's
  // arguments were not valid JSON (the tool's schema check then refuses them, and the model
  // is told why).
  nlohmann::json arguments = nlohmann::json::object();
};

struct Message {
  Role role = Role::kUser;
  std::string content;
  std::vector<ToolCall> tool_calls;  // assistant messages: the calls the model asked for
  std::string tool_call_id;          // tool messages: the call this result answers
};

struct ChatResponse {
  std::string text;
  std::vector<ToolCall> tool_calls;
  // "stop", "tool_calls" or "length" when the server said one of those (Anthropic's end_turn,
  // tool_use and max_tokens are mapped to them); otherwise the server's own word.
  std::string finish_reason;
};

class ChatClient {
 public:
  virtual ~ChatClient() = default;
  // One round: the conversation so far and the tools the model may ask for.
  virtual Result<ChatResponse> chat(const std::vector<Message>& messages,
                                    const std::vector<ToolSpec>& tools) = 0;
};

enum class LlmKind { kOpenAi, kAnthropic };

struct LlmConfig {
  LlmKind kind = LlmKind::kOpenAi;
  // Scheme, host, port and an optional path prefix, without "/v1" ("http://127.0.0.1:8080").
  std::string base_url;
  std::string model;
  std::string api_key;       // empty: no key sent (local servers need none)
  int timeout_ms = 60000;    // per attempt: connecting, sending, and waiting for the reply
  int max_retries = 2;       // further attempts after a transient failure
  int backoff_ms = 500;      // wait before the first retry; doubles for each further one
  int max_tokens = 1024;     // Anthropic requires it; OpenAI-compatible servers get it too
};

// Reads a configuration object: {"kind": "openai"|"anthropic", "base_url", "model",
// "api_key" or "api_key_env" (the name of an environment variable holding the key, so that keys
// stay out of configuration files), "timeout_ms", "max_retries", "backoff_ms", "max_tokens"}.
// base_url may be left out for Anthropic (https://api.anthropic.com). kInvalidArgument naming
// the field ("llm.model") for a missing, mistyped, out-of-range or unknown field.
Result<LlmConfig> parse_llm_config(const nlohmann::json& config);

class OpenAiChatClient : public ChatClient {
 public:
  explicit OpenAiChatClient(LlmConfig config) : config_(std::move(config)) {}
  Result<ChatResponse> chat(const std::vector<Message>& messages,
                            const std::vector<ToolSpec>& tools) override;

 private:
  LlmConfig config_;
};

class AnthropicChatClient : public ChatClient {
 public:
  explicit AnthropicChatClient(LlmConfig config) : config_(std::move(config)) {}
  Result<ChatResponse> chat(const std::vector<Message>& messages,
                            const std::vector<ToolSpec>& tools) override;

 private:
  LlmConfig config_;
};

// The client for config.kind.
std::unique_ptr<ChatClient> make_chat_client(const LlmConfig& config);

// The request bodies and the reading of replies, apart from HTTP so that they can be checked
// on their own. The read_* functions return kInternal naming what the reply lacked.
nlohmann::json openai_request(const LlmConfig& config, const std::vector<Message>& messages,
                              const std::vector<ToolSpec>& tools);
Result<ChatResponse> read_openai_reply(const nlohmann::json& reply);
nlohmann::json anthropic_request(const LlmConfig& config, const std::vector<Message>& messages,
                                 const std::vector<ToolSpec>& tools);
Result<ChatResponse> read_anthropic_reply(const nlohmann::json& reply);

}  // namespace oiis::agents::llm
