// The two chat clients against a scripted local server speaking each protocol: what they send
// (model, messages, tools with their schemas, tool results, auth headers), how they read replies
// (a tool-call round, then a final answer), retries on 5xx but not 4xx, timeouts, and reading
// the configuration.
#include <gtest/gtest.h>

#include "agents/llm/client.h"
#include "agents/llm/llm_test_support.h"

namespace oiis::agents::llm {
namespace {

using nlohmann::json;
using testing::ScriptedModelServer;

// Recorded from OpenAI-compatible servers (ids and usage shortened): a tool call, then text.
constexpr const char* kOpenAiToolCallReply = R"({
  "id": "chatcmpl-7f3a", "object": "chat.completion", "created": 1764979200,
  "model": "qwen2.5-7b-instruct",
  "choices": [{"index": 0, "finish_reason": "tool_calls",
    "message": {"role": "assistant", "content": null,
      "tool_calls": [{"id": "call_0", "type": "function",
        "function": {"name": "stock_status", "arguments": "{\"sku\":\"HAM-1\"}"}}]}}],
  "usage": {"prompt_tokens": 412, "completion_tokens": 19, "total_tokens": 431}})";
constexpr const char* kOpenAiFinalReply = R"({
  "id": "chatcmpl-7f3b", "object": "chat.completion", "created": 1764979201,
  "model": "qwen2.5-7b-instruct",
  "choices": [{"index": 0, "finish_reason": "stop",
    "message": {"role": "assistant", "content": "HAM-1 has 12 units on hand [1]."}}],
  "usage": {"prompt_tokens": 520, "completion_tokens": 12, "total_tokens": 532}})";

// Recorded from the Messages API (ids and usage shortened).
constexpr const char* kAnthropicToolUseReply = R"({
  "id": "msg_01A", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [{"type": "text", "text": "Let me check the stock."},
              {"type": "tool_use", "id": "toolu_01", "name": "stock_status", "input": {"sku": "HAM-1"}}],
  "stop_reason": "tool_use", "stop_sequence": null,
  "usage": {"input_tokens": 530, "output_tokens": 54}})";
constexpr const char* kAnthropicFinalReply = R"({
  "id": "msg_01B", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [{"type": "text", "text": "HAM-1 has 12 units on hand [1]."}],
  "stop_reason": "end_turn", "stop_sequence": null,
  "usage": {"input_tokens": 610, "output_tokens": 15}})";

LlmConfig client_test_config(LlmKind kind, const std::string& base_url) {
  LlmConfig c;
  c.kind = kind;
  c.base_url = base_url;
  c.model = kind == LlmKind::kOpenAi ? "qwen2.5-7b-instruct" : "claude-sonnet-4-5";
  c.api_key = "sk-test-123";
  c.timeout_ms = 5000;
  c.max_retries = 2;
  c.backoff_ms = 10;  // the policy, not the wait, is under test
  return c;
}

ToolSpec client_test_stock_tool() { return *builtin_tools().find("stock_status"); }

// The conversation after the model's first tool call: what the second request carries.
std::vector<Message> client_test_conversation(const ChatResponse& first) {
  return {{Role::kSystem, "rules", {}, {}},
          {Role::kUser, "How many HAM-1 are on hand?", {}, {}},
          {Role::kAssistant, first.text, first.tool_calls, {}},
          {Role::kTool, R"({"citation":"[1]","result":{"on_hand":12}})", {}, first.tool_calls[0].id}};
}

TEST(LlmOpenAiClient, SendsToolsAndResultsAndReadsAToolRoundThenAnAnswer) {
  ScriptedModelServer server("/v1/chat/completions");
  server.reply(200, kOpenAiToolCallReply);
  server.reply(200, kOpenAiFinalReply);
  OpenAiChatClient client(client_test_config(LlmKind::kOpenAi, server.base_url()));
  const std::vector<ToolSpec> tools = {client_test_stock_tool()};
  auto first = client.chat({{Role::kSystem, "rules", {}, {}}, {Role::kUser, "How many HAM-1 are on hand?", {}, {}}}, tools);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  ASSERT_EQ(first.value().tool_calls.size(), 1u);
  EXPECT_EQ(first.value().tool_calls[0].id, "call_0");
  EXPECT_EQ(first.value().tool_calls[0].name, "stock_status");
  EXPECT_EQ(first.value().tool_calls[0].arguments, json({{"sku", "HAM-1"}}));
  EXPECT_EQ(first.value().finish_reason, "tool_calls");
  auto second = client.chat(client_test_conversation(first.value()), tools);
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  EXPECT_EQ(second.value().text, "HAM-1 has 12 units on hand [1].");
  EXPECT_TRUE(second.value().tool_calls.empty());
  EXPECT_EQ(second.value().finish_reason, "stop");

  auto got = server.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].path, "/v1/chat/completions");
  EXPECT_EQ(got[0].header("Authorization"), "Bearer sk-test-123");
  const json& body = got[0].body;
  EXPECT_EQ(body["model"], "qwen2.5-7b-instruct");
  EXPECT_EQ(body["messages"][0], json({{"role", "system"}, {"content", "rules"}}));
  ASSERT_EQ(body["tools"].size(), 1u);
  EXPECT_EQ(body["tools"][0]["type"], "function");
  EXPECT_EQ(body["tools"][0]["function"]["name"], "stock_status");
  EXPECT_EQ(body["tools"][0]["function"]["parameters"], client_test_stock_tool().input_schema);
  // The second request carries the model's call and the tool's result, tied by the call's id.
  const json& msgs = got[1].body["messages"];
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[2]["role"], "assistant");
  EXPECT_TRUE(msgs[2]["content"].is_null());
  EXPECT_EQ(msgs[2]["tool_calls"][0]["function"]["arguments"], R"({"sku":"HAM-1"})");
  EXPECT_EQ(msgs[3], json({{"role", "tool"}, {"tool_call_id", "call_0"},
                           {"content", R"({"citation":"[1]","result":{"on_hand":12}})"}}));
}

TEST(LlmAnthropicClient, SendsToolsAndResultsAndReadsAToolRoundThenAnAnswer) {
  ScriptedModelServer server("/v1/messages");
  server.reply(200, kAnthropicToolUseReply);
  server.reply(200, kAnthropicFinalReply);
  AnthropicChatClient client(client_test_config(LlmKind::kAnthropic, server.base_url()));
  const std::vector<ToolSpec> tools = {client_test_stock_tool()};
  auto first = client.chat({{Role::kSystem, "rules", {}, {}}, {Role::kUser, "How many HAM-1 are on hand?", {}, {}}}, tools);
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first.value().text, "Let me check the stock.");
  ASSERT_EQ(first.value().tool_calls.size(), 1u);
  EXPECT_EQ(first.value().tool_calls[0].id, "toolu_01");
  EXPECT_EQ(first.value().tool_calls[0].arguments, json({{"sku", "HAM-1"}}));
  EXPECT_EQ(first.value().finish_reason, "tool_calls");
  auto second = client.chat(client_test_conversation(first.value()), tools);
  ASSERT_TRUE(second.is_ok()) << second.status().to_string();
  EXPECT_EQ(second.value().text, "HAM-1 has 12 units on hand [1].");
  EXPECT_EQ(second.value().finish_reason, "stop");

  auto got = server.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].header("x-api-key"), "sk-test-123");
  EXPECT_EQ(got[0].header("anthropic-version"), "2023-06-01");
  EXPECT_EQ(got[0].header("Authorization"), "");
  const json& body = got[0].body;
  EXPECT_EQ(body["system"], "rules");  // top level, not a message
  EXPECT_EQ(body["messages"], json::parse(R"([{"role":"user","content":[{"type":"text","text":"How many HAM-1 are on hand?"}]}])"));
  EXPECT_EQ(body["tools"][0]["name"], "stock_status");
  EXPECT_EQ(body["tools"][0]["input_schema"], client_test_stock_tool().input_schema);
  EXPECT_GT(body["max_tokens"].get<int>(), 0);
  const json& msgs = got[1].body["messages"];
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[1]["role"], "assistant");
  EXPECT_EQ(msgs[1]["content"][1], json({{"type", "tool_use"}, {"id", "toolu_01"}, {"name", "stock_status"}, {"input", {{"sku", "HAM-1"}}}}));
  EXPECT_EQ(msgs[2]["role"], "user");
  EXPECT_EQ(msgs[2]["content"][0], json({{"type", "tool_result"}, {"tool_use_id", "toolu_01"},
                                         {"content", R"({"citation":"[1]","result":{"on_hand":12}})"}}));
}

TEST(LlmClients, RetryAServerErrorThenSucceed) {
  ScriptedModelServer openai("/v1/chat/completions");
  openai.reply(500, R"({"error": {"message": "CUDA out of memory"}})");
  openai.reply(200, kOpenAiFinalReply);
  OpenAiChatClient a(client_test_config(LlmKind::kOpenAi, openai.base_url()));
  auto got = a.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_TRUE(got.is_ok()) << got.status().to_string();
  EXPECT_EQ(got.value().text, "HAM-1 has 12 units on hand [1].");
  EXPECT_EQ(openai.received().size(), 2u);
  EXPECT_FALSE(openai.received()[0].body.contains("tools"));  // none offered: none sent

  ScriptedModelServer anthropic("/v1/messages");
  anthropic.reply(529, R"({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})");
  anthropic.reply(429, R"({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}})");
  anthropic.reply(200, kAnthropicFinalReply);
  AnthropicChatClient b(client_test_config(LlmKind::kAnthropic, anthropic.base_url()));
  auto got_b = b.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_TRUE(got_b.is_ok()) << got_b.status().to_string();
  EXPECT_EQ(anthropic.received().size(), 3u);
}

TEST(LlmClients, GiveUpAfterTheRetriesNamingTheLastError) {
  ScriptedModelServer server("/v1/chat/completions");
  for (int i = 0; i < 3; ++i) server.reply(503, R"({"error": {"message": "loading model"}})");
  OpenAiChatClient client(client_test_config(LlmKind::kOpenAi, server.base_url()));
  auto got = client.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(got.status().message().find("503"), std::string::npos) << got.status().message();
  EXPECT_NE(got.status().message().find("loading model"), std::string::npos);
  EXPECT_NE(got.status().message().find("after 3 attempts"), std::string::npos);
  EXPECT_EQ(server.received().size(), 3u);
}

TEST(LlmClients, DoNotRetryAClientError) {
  ScriptedModelServer server("/v1/messages");
  server.reply(401, R"({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}})");
  AnthropicChatClient client(client_test_config(LlmKind::kAnthropic, server.base_url()));
  auto got = client.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_NE(got.status().message().find("invalid x-api-key"), std::string::npos);
  EXPECT_EQ(got.status().message().find("sk-test-123"), std::string::npos);  // never the key
  EXPECT_EQ(server.received().size(), 1u);

  ScriptedModelServer openai("/v1/chat/completions");
  openai.reply(400, R"({"error": {"message": "model 'nope' not found, try pulling it first"}})");
  OpenAiChatClient other(client_test_config(LlmKind::kOpenAi, openai.base_url()));
  auto bad = other.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(openai.received().size(), 1u);
}

TEST(LlmClients, TimeOutOnASlowServer) {
  ScriptedModelServer server("/v1/chat/completions");
  server.reply(200, kOpenAiFinalReply, /*delay_ms=*/1500);
  auto config = client_test_config(LlmKind::kOpenAi, server.base_url());
  config.timeout_ms = 200;
  config.max_retries = 0;
  OpenAiChatClient client(config);
  auto started = std::chrono::steady_clock::now();
  auto got = client.chat({{Role::kUser, "hi", {}, {}}}, {});
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(got.status().message().find("timeout_ms=200"), std::string::npos) << got.status().message();
  EXPECT_LT(took, std::chrono::milliseconds(1200));
}

TEST(LlmClients, ReportAServerThatIsNotThere) {
  int port = oiis::testing::free_loopback_port();
  auto config = client_test_config(LlmKind::kOpenAi, "http://127.0.0.1:" + std::to_string(port));
  config.max_retries = 1;
  OpenAiChatClient client(config);
  auto got = client.chat({{Role::kUser, "hi", {}, {}}}, {});
  ASSERT_FALSE(got.is_ok());
  EXPECT_EQ(got.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(got.status().message().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << got.status().message();
  EXPECT_NE(got.status().message().find("after 2 attempts"), std::string::npos);
}

TEST(LlmClients, ReadRepliesThatOmitOrMangleParts) {
  // No id (some servers), arguments as an object (some Ollama versions), and arguments that
  // are not JSON (kept as a string, so that the tool's schema check refuses them).
  auto reply = read_openai_reply(json::parse(R"({"choices": [{"finish_reason": "tool_calls",
      "message": {"content": "", "tool_calls": [
        {"function": {"name": "stock_status", "arguments": {"sku": "A"}}},
        {"id": "c2", "function": {"name": "stock_status", "arguments": "{sku: A"}}]}}]})"));
  ASSERT_TRUE(reply.is_ok()) << reply.status().to_string();
  ASSERT_EQ(reply.value().tool_calls.size(), 2u);
  EXPECT_EQ(reply.value().tool_calls[0].id, "call_1");
  EXPECT_EQ(reply.value().tool_calls[0].arguments, json({{"sku", "A"}}));
  EXPECT_EQ(reply.value().tool_calls[1].arguments, "{sku: A");
  EXPECT_FALSE(read_openai_reply(json::parse(R"({"choices": []})")).is_ok());
  EXPECT_FALSE(read_anthropic_reply(json::parse(R"({"type": "message"})")).is_ok());
}

TEST(LlmConfigParsing, ReadsBothKindsAndNamesTheBadField) {
  auto openai = parse_llm_config(json::parse(
      R"({"kind": "openai", "base_url": "http://127.0.0.1:8080/v1/", "model": "qwen", "timeout_ms": 30000})"));
  ASSERT_TRUE(openai.is_ok()) << openai.status().to_string();
  EXPECT_EQ(openai.value().kind, LlmKind::kOpenAi);
  EXPECT_EQ(openai.value().timeout_ms, 30000);
  EXPECT_TRUE(openai.value().api_key.empty());
  auto anthropic = parse_llm_config(json::parse(R"({"kind": "anthropic", "model": "claude-sonnet-4-5", "api_key": "k"})"));
  ASSERT_TRUE(anthropic.is_ok()) << anthropic.status().to_string();
  EXPECT_EQ(anthropic.value().base_url, "https://api.anthropic.com");

  auto field_of = [](const char* text) { return parse_llm_config(json::parse(text)).status().field(); };
  EXPECT_EQ(field_of(R"({"base_url": "http://h:1", "model": "m"})"), "llm.kind");
  EXPECT_EQ(field_of(R"({"kind": "gemini", "base_url": "http://h:1", "model": "m"})"), "llm.kind");
  EXPECT_EQ(field_of(R"({"kind": "openai", "model": "m"})"), "llm.base_url");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "127.0.0.1:8080", "model": "m"})"), "llm.base_url");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "http://h:1"})"), "llm.model");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "http://h:1", "model": "m", "timeout_ms": 0})"), "llm.timeout_ms");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "http://h:1", "model": "m", "max_retries": "2"})"), "llm.max_retries");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "http://h:1", "model": "m", "temprature": 0})"), "llm.temprature");
  EXPECT_EQ(field_of(R"({"kind": "openai", "base_url": "http://h:1", "model": "m", "api_key_env": "OIIS_SURELY_UNSET_KEY"})"), "llm.api_key_env");
  EXPECT_EQ(parse_llm_config(json::array()).status().field(), "llm");
}

}  // namespace
}  // namespace oiis::agents::llm
