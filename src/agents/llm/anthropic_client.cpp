// Anthropic's Messages API: POST /v1/messages. The system prompt is a top-level field, tools
// carry "input_schema", and tool calls and their results are content blocks (tool_use in the
// assistant's turn, tool_result in the next user turn).
#include "agents/llm/client.h"
#include "agents/llm/http_post.h"

namespace oiis::agents::llm {
namespace {

using nlohmann::json;

json anthropic_blocks(const Message& m) {
  json blocks = json::array();
  if (m.role == Role::kTool) {
    blocks.push_back({{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.content}});
    return blocks;
  }
  if (!m.content.empty()) blocks.push_back({{"type", "text"}, {"text", m.content}});
  for (const auto& c : m.tool_calls)
    // input must be an object; arguments that were not JSON are sent as none (the tool's
    // result already told the model they were refused).
    blocks.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name},
                      {"input", c.arguments.is_object() ? c.arguments : json::object()}});
  return blocks;
}

// Anthropic wants turns to alternate user/assistant, so a run of tool results (and any user
// text after them) becomes one user turn with several blocks.
json anthropic_messages(const std::vector<Message>& messages) {
  json out = json::array();
  for (const auto& m : messages) {
    if (m.role == Role::kSystem) continue;
    const char* role = m.role == Role::kAssistant ? "assistant" : "user";
    json blocks = anthropic_blocks(m);
    if (blocks.empty()) continue;  // the API refuses empty content
    if (!out.empty() && out.back()["role"] == role) {
      for (auto& b : blocks) out.back()["content"].push_back(std::move(b));
    } else {
      out.push_back({{"role", role}, {"content", std::move(blocks)}});
    }
  }
  return out;
}

std::string anthropic_finish_reason(const std::string& stop_reason) {
  if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return "stop";
  if (stop_reason == "tool_use") return "tool_calls";
  if (stop_reason == "max_tokens") return "length";
  return stop_reason;
}

}  // namespace

json anthropic_request(const LlmConfig& config, const std::vector<Message>& messages,
                       const std::vector<ToolSpec>& tools) {
  json body = {{"model", config.model}, {"max_tokens", config.max_tokens}};
  std::string system;
  for (const auto& m : messages)
    if (m.role == Role::kSystem) system += (system.empty() ? "" : "\n\n") + m.content;
  if (!system.empty()) body["system"] = system;
  body["messages"] = anthropic_messages(messages);
  if (!tools.empty()) {
    json out_tools = json::array();
    for (const auto& t : tools)
      out_tools.push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.input_schema}});
    body["tools"] = std::move(out_tools);
  }
  return body;
}

Result<ChatResponse> read_anthropic_reply(const json& reply) {
  if (!reply.is_object() || !reply.contains("content") || !reply["content"].is_array())
    return internal_error("the model server's reply has no content array");
  ChatResponse out;
  for (const auto& block : reply["content"]) {
    if (!block.is_object()) continue;
    const std::string type = block.value("type", "");
    if (type == "text" && block.contains("text") && block["text"].is_string()) {
      out.text += block["text"].get<std::string>();
    } else if (type == "tool_use") {
      if (!block.contains("id") || !block["id"].is_string() || !block.contains("name") ||
          !block["name"].is_string())
        return internal_error("a tool_use block in the model server's reply has no id or name");
      out.tool_calls.push_back({block["id"].get<std::string>(), block["name"].get<std::string>(),
                                block.value("input", json::object())});
    }
  }
  if (reply.contains("stop_reason") && reply["stop_reason"].is_string())
    out.finish_reason = anthropic_finish_reason(reply["stop_reason"].get<std::string>());
  return out;
}

Result<ChatResponse> AnthropicChatClient::chat(const std::vector<Message>& messages,
                                               const std::vector<ToolSpec>& tools) {
  HeaderList headers = {{"anthropic-version", "2023-06-01"}};
  if (!config_.api_key.empty()) headers.push_back({"x-api-key", config_.api_key});
  auto reply = post_json(config_, "/v1/messages", headers, anthropic_request(config_, messages, tools));
  if (!reply.is_ok()) return reply.status();
  return read_anthropic_reply(reply.value());
}

}  // namespace oiis::agents::llm
