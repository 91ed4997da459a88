// The OpenAI-compatible chat protocol: POST /v1/chat/completions with "tools" of type
// "function". llama.cpp's llama-server, vLLM, Ollama and OpenAI itself all speak it.
#include "agents/llm/client.h"
#include "agents/llm/http_post.h"

namespace oiis::agents::llm {
namespace {

using nlohmann::json;

json openai_message(const Message& m) {
  json out = {{"role", role_name(m.role)}};
  if (m.role == Role::kTool) {
    out["tool_call_id"] = m.tool_call_id;
    out["content"] = m.content;
    return out;
  }
  // An assistant turn that only called tools has no text: null, as the protocol writes it.
  out["content"] = m.content.empty() && !m.tool_calls.empty() ? json(nullptr) : json(m.content);
  if (m.role == Role::kAssistant && !m.tool_calls.empty()) {
    json calls = json::array();
    for (const auto& c : m.tool_calls) {
      // The protocol carries arguments as a JSON string; a string the model wrote that was not
      // JSON goes back as it came.
      std::string args = c.arguments.is_string() ? c.arguments.get<std::string>() : json_text(c.arguments);
      calls.push_back({{"id", c.id}, {"type", "function"},
                       {"function", {{"name", c.name}, {"arguments", args}}}});
    }
    out["tool_calls"] = std::move(calls);
  }
  return out;
}

// Arguments arrive as a JSON string (OpenAI, vLLM, llama.cpp) or an object (some Ollama
// versions); empty means none.
json openai_arguments(const json& raw) {
  if (raw.is_object()) return raw;
  if (!raw.is_string()) return json::object();
  const auto text = raw.get<std::string>();
  if (text.empty()) return json::object();
  auto parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? raw : parsed;
}

std::string openai_content_text(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string text;
  if (content.is_array())  // content parts: keep the text ones
    for (const auto& part : content)
      if (part.is_object() && part.value("type", "") == "text" && part.contains("text") &&
          part["text"].is_string())
        text += part["text"].get<std::string>();
  return text;
}

}  // namespace

json openai_request(const LlmConfig& config, const std::vector<Message>& messages,
                    const std::vector<ToolSpec>& tools) {
  json body = {{"model", config.model}, {"max_tokens", config.max_tokens}, {"stream", false}};
  json out_messages = json::array();
  for (const auto& m : messages) out_messages.push_back(openai_message(m));
  body["messages"] = std::move(out_messages);
  // Some servers refuse an empty "tools" array, so none is sent when no tool is offered.
  if (!tools.empty()) {
    json out_tools = json::array();
    for (const auto& t : tools)
      out_tools.push_back({{"type", "function"},
                           {"function", {{"name", t.name}, {"description", t.description},
                                         {"parameters", t.input_schema}}}});
    body["tools"] = std::move(out_tools);
    body["tool_choice"] = "auto";
  }
  return body;
}

Result<ChatResponse> read_openai_reply(const json& reply) {
  if (!reply.is_object() || !reply.contains("choices") || !reply["choices"].is_array() ||
      reply["choices"].empty() || !reply["choices"][0].is_object())
    return internal_error("the model server's reply has no choices[0]");
  const auto& choice = reply["choices"][0];
  if (!choice.contains("message") || !choice["message"].is_object())
    return internal_error("the model server's reply has no choices[0].message");
  const auto& message = choice["message"];
  ChatResponse out;
  if (message.contains("content")) out.text = openai_content_text(message["content"]);
  if (message.contains("tool_calls") && message["tool_calls"].is_array()) {
    for (const auto& c : message["tool_calls"]) {
      if (!c.is_object() || !c.contains("function") || !c["function"].is_object())
        return internal_error("a tool call in the model server's reply has no function");
      ToolCall call;
      // Some servers leave ids out; the tool message still needs one to answer.
      call.id = c.contains("id") && c["id"].is_string() ? c["id"].get<std::string>()
                                                        : "call_" + std::to_string(out.tool_calls.size() + 1);
      call.name = c["function"].value("name", "");
      call.arguments = openai_arguments(c["function"].value("arguments", json()));
      out.tool_calls.push_back(std::move(call));
    }
  }
  std::string reason = choice.contains("finish_reason") && choice["finish_reason"].is_string()
                           ? choice["finish_reason"].get<std::string>() : "";
  out.finish_reason = reason == "function_call" ? "tool_calls" : reason;
  return out;
}

Result<ChatResponse> OpenAiChatClient::chat(const std::vector<Message>& messages,
                                            const std::vector<ToolSpec>& tools) {
  HeaderList headers;
  if (!config_.api_key.empty()) headers.push_back({"Authorization", "Bearer " + config_.api_key});
  auto reply = post_json(config_, "/v1/chat/completions", headers, openai_request(config_, messages, tools));
  if (!reply.is_ok()) return reply.status();
  return read_openai_reply(reply.value());
}

}  // namespace oiis::agents::llm
