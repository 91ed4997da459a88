// The MCP server (agents/mcp.h) on a small generated world: the handshake, the tool list with
// schemas, tool calls with their provenance, tool errors as isError results, protocol errors as
// JSON-RPC errors, write tools refused by default; and `oiis mcp` driven over real pipes.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "agents/mcp.h"
#include "agents/tool_context.h"
#include "data/generator.h"
#include "store/sqlite/sqlite_store.h"
#include "support/required_part.h"
#include "support/run_command.h"

namespace oiis::agents {
namespace {

using nlohmann::json;

json mcp_test_request(json id, const std::string& method, json params = json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method}, {"params", std::move(params)}};
}

class McpTest : public ::testing::Test {
 protected:
  // One small world for the suite, on disk (DIR/oiis.db) so that the binary can open it too.
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("oiis-mcp-" + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    auto store = open_sqlite_store((*dir_ / "oiis.db").string(), {});
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    store_ = store.value().release();
    GeneratorConfig config;
    config.seed = 11;
    config.products = 30;
    config.customers = 120;
    config.days = 120;
    config.start_date = date_from_civil(2024, 1, 1);
    ASSERT_TRUE(generate_world(config, *store_, "").is_ok());
    ToolEnvironment base;
    base.store = store_;
    base.data_dir = dir_->string();
    context_ = new ToolContext(base);
  }
  static void TearDownTestSuite() {
    delete context_;
    delete store_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  // A tools/call's result object (fails the test on a JSON-RPC error).
  static json call(McpServer& server, const std::string& tool, json args) {
    auto r = server.handle(mcp_test_request(7, "tools/call", {{"name", tool}, {"arguments", std::move(args)}}));
    EXPECT_TRUE(r.has_value());
    if (!r) return json::object();
    EXPECT_FALSE(r->contains("error")) << r->dump();
    return r->value("result", json::object());
  }
  static std::string text_of(const json& result) {
    if (!result.contains("content") || result["content"].empty()) return "";
    EXPECT_EQ(result["content"][0]["type"], "text");
    return result["content"][0].value("text", "");
  }

  static std::filesystem::path* dir_;
  static Store* store_;
  static ToolContext* context_;
};
std::filesystem::path* McpTest::dir_ = nullptr;
Store* McpTest::store_ = nullptr;
ToolContext* McpTest::context_ = nullptr;

TEST_F(McpTest, InitializeNegotiatesTheRevisionAndDeclaresTools) {
  McpServer server(*context_);
  auto r = server.handle(mcp_test_request(1, "initialize",
                                          {{"protocolVersion", "2025-03-26"},
                                           {"capabilities", json::object()},
                                           {"clientInfo", {{"name", "test"}, {"version", "1"}}}}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)["jsonrpc"], "2.0");
  EXPECT_EQ((*r)["id"], 1);
  const auto& result = (*r)["result"];
  EXPECT_EQ(result["protocolVersion"], "2025-03-26");
  EXPECT_TRUE(result["capabilities"]["tools"].is_object());
  EXPECT_EQ(result["serverInfo"]["name"], "oiis");
  EXPECT_TRUE(server.initialized());
  // The initialized notification, like every notification, gets no response.
  EXPECT_FALSE(server.handle({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}).has_value());

  auto older = server.handle(mcp_test_request("a", "initialize", {{"protocolVersion", "2024-11-05"}}));
  EXPECT_EQ((*older)["result"]["protocolVersion"], "2024-11-05");
  EXPECT_EQ((*older)["id"], "a");
  auto unknown = server.handle(mcp_test_request(2, "initialize", {{"protocolVersion", "1999-01-01"}}));
  EXPECT_EQ((*unknown)["result"]["protocolVersion"], mcp_protocol_versions().front());

  auto ping = server.handle(mcp_test_request(3, "ping"));
  EXPECT_EQ((*ping)["result"], json::object());
}

TEST_F(McpTest, ListsTheRegistrysToolsWithTheirSchemas) {
  McpServer server(*context_);
  auto r = server.handle(mcp_test_request(1, "tools/list"));
  ASSERT_TRUE(r.has_value());
  const auto& tools = (*r)["result"]["tools"];
  ASSERT_EQ(tools.size(), builtin_tools().list().size());
  json sales, approve;
  for (const auto& t : tools) {
    EXPECT_TRUE(t["description"].is_string()) << t.dump();
    EXPECT_EQ(t["inputSchema"]["type"], "object") << t.dump();
    if (t["name"] == "sales_summary") sales = t;
    if (t["name"] == "approve_purchase_order") approve = t;
  }
  ASSERT_FALSE(sales.is_null());
  EXPECT_EQ(sales["inputSchema"], builtin_tools().find("sales_summary")->input_schema);
  EXPECT_TRUE(sales["inputSchema"]["properties"].contains("from"));
  EXPECT_EQ(sales["annotations"]["readOnlyHint"], true);
  ASSERT_FALSE(approve.is_null());
  EXPECT_EQ(approve["annotations"]["readOnlyHint"], false);
  EXPECT_NE(approve["description"].get<std::string>().find("refused"), std::string::npos);
}

TEST_F(McpTest, ToolCallReturnsDataWithItsSqlSource) {
  McpServer server(*context_);
  auto result = call(server, "sales_summary", json::object());
  EXPECT_EQ(result["isError"], false) << result.dump();
  auto payload = json::parse(text_of(result), nullptr, false);
  ASSERT_TRUE(payload.is_object()) << text_of(result);
  EXPECT_GT(payload["data"]["orders"].get<std::int64_t>(), 0);
  EXPECT_GT(payload["data"]["revenue"].get<double>(), 0.0);
  ASSERT_FALSE(payload["sources"].empty());
  EXPECT_EQ(payload["sources"][0]["kind"], "sql");
  EXPECT_NE(payload["sources"][0]["detail"].get<std::string>().find("SELECT"), std::string::npos);
  EXPECT_TRUE(payload["caveats"].is_array());
  // The default period is the data's: first to last order day.
  auto days = data_days(*store_);
  ASSERT_TRUE(days.is_ok());
  EXPECT_EQ(payload["data"]["period"]["to"], format_date(days.value().today));
  EXPECT_EQ(payload["data"]["period"]["from"], format_date(days.value().first_day));
  EXPECT_TRUE(days.value().has_orders);
  auto env = tool_environment(*store_, dir_->string());
  ASSERT_TRUE(env.is_ok()) << env.status().to_string();
  EXPECT_EQ(env.value().today, days.value().today);
  EXPECT_EQ(env.value().data_dir, dir_->string());
}

TEST_F(McpTest, BadArgumentsAreToolErrorsNamingTheField) {
  McpServer server(*context_);
  auto bad_date = call(server, "sales_summary", {{"from", "yesterday"}});
  EXPECT_EQ(bad_date["isError"], true);
  EXPECT_NE(text_of(bad_date).find("args.from"), std::string::npos) << text_of(bad_date);
  auto unknown_arg = call(server, "sales_summary", {{"colour", "red"}});
  EXPECT_EQ(unknown_arg["isError"], true);
  EXPECT_NE(text_of(unknown_arg).find("args.colour"), std::string::npos) << text_of(unknown_arg);
  auto wrong_type = call(server, "top_products", {{"limit", "ten"}});
  EXPECT_EQ(wrong_type["isError"], true);
  EXPECT_NE(text_of(wrong_type).find("args.limit"), std::string::npos) << text_of(wrong_type);
  auto missing = call(server, "stock_status", json::object());
  EXPECT_EQ(missing["isError"], true);
  EXPECT_NE(text_of(missing).find("args.sku"), std::string::npos) << text_of(missing);
}

TEST_F(McpTest, UnknownToolAndMalformedParamsAreInvalidParams) {
  McpServer server(*context_);
  auto r = server.handle(mcp_test_request(4, "tools/call", {{"name", "make_coffee"}, {"arguments", json::object()}}));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)["id"], 4);
  EXPECT_EQ((*r)["error"]["code"], kMcpInvalidParams);
  EXPECT_NE((*r)["error"]["message"].get<std::string>().find("make_coffee"), std::string::npos);
  auto no_name = server.handle(mcp_test_request(5, "tools/call", {{"arguments", json::object()}}));
  EXPECT_EQ((*no_name)["error"]["code"], kMcpInvalidParams);
  auto list_args = server.handle(mcp_test_request(6, "tools/call", {{"name", "sales_summary"}, {"arguments", json::array()}}));
  EXPECT_EQ((*list_args)["error"]["code"], kMcpInvalidParams);
}

TEST_F(McpTest, UnknownMethodIsMethodNotFound) {
  McpServer server(*context_);
  auto r = server.handle(mcp_test_request("req-9", "resources/list"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)["id"], "req-9");
  EXPECT_EQ((*r)["error"]["code"], kMcpMethodNotFound);
  // An unknown notification is ignored, not answered.
  EXPECT_FALSE(server.handle({{"jsonrpc", "2.0"}, {"method", "notifications/whatever"}}).has_value());
}

TEST_F(McpTest, MalformedLinesGetParseOrInvalidRequestErrors) {
  McpServer server(*context_);
  auto parse = json::parse(server.handle_line("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": "));
  EXPECT_EQ(parse["error"]["code"], kMcpParseError);
  EXPECT_TRUE(parse["id"].is_null());
  auto not_utf8 = json::parse(server.handle_line("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}"));
  EXPECT_EQ(not_utf8["error"]["code"], kMcpParseError);
  EXPECT_EQ(server.handle_line("   "), "");
  auto no_method = json::parse(server.handle_line(R"({"jsonrpc":"2.0","id":2})"));
  EXPECT_EQ(no_method["error"]["code"], kMcpInvalidRequest);
  auto old_rpc = json::parse(server.handle_line(R"({"jsonrpc":"1.0","id":3,"method":"ping"})"));
  EXPECT_EQ(old_rpc["error"]["code"], kMcpInvalidRequest);
  auto null_id = json::parse(server.handle_line(R"({"jsonrpc":"2.0","id":null,"method":"ping"})"));
  EXPECT_EQ(null_id["error"]["code"], kMcpInvalidRequest);
  auto scalar = json::parse(server.handle_line("42"));
  EXPECT_EQ(scalar["error"]["code"], kMcpInvalidRequest);
  // A response is one line: the stdio transport frames messages by newlines.
  auto listed = server.handle_line(R"({"jsonrpc":"2.0","id":4,"method":"tools/list"})");
  EXPECT_EQ(listed.find('\n'), std::string::npos);
  // A client's response to us (we send no requests) needs no answer.
  EXPECT_EQ(server.handle_line(R"({"jsonrpc":"2.0","id":5,"result":{}})"), "");
}

TEST_F(McpTest, BatchesAnswerEachRequest) {
  McpServer server(*context_);
  auto r = server.handle(json::array({mcp_test_request(1, "ping"),
                                      {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}},
                                      mcp_test_request(2, "nope")}));
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0]["id"], 1);
  EXPECT_EQ((*r)[1]["error"]["code"], kMcpMethodNotFound);
  EXPECT_EQ((*server.handle(json::array()))["error"]["code"], kMcpInvalidRequest);
}

TEST_F(McpTest, WriteToolsNeedAllowWrites) {
  McpServer server(*context_);
  auto refused = call(server, "approve_purchase_order", {{"purchase_order_id", 1}});
  EXPECT_EQ(refused["isError"], true);
  EXPECT_NE(text_of(refused).find("approval"), std::string::npos) << text_of(refused);

  // With allow_writes the tool runs (a registry of one write tool, to see that it did).
  int runs = 0;
  ToolRegistry registry;
  registry.add({"mark", "A write for the test", {{"type", "object"}}, true},
               [&runs](const json&, ToolEnvironment&) -> Result<ToolResult> {
                 ++runs;
                 return ToolResult{};
               });
  McpOptions closed;
  closed.registry = &registry;
  McpServer closed_server(*context_, closed);
  EXPECT_EQ(call(closed_server, "mark", json::object())["isError"], true);
  EXPECT_EQ(runs, 0);
  McpOptions open = closed;
  open.allow_writes = true;
  McpServer open_server(*context_, open);
  EXPECT_EQ(call(open_server, "mark", json::object())["isError"], false);
  EXPECT_EQ(runs, 1);
}


// `oiis mcp` as a client starts it: a child process with pipes for stdin and stdout, so each
// response must arrive (flushed) before the next request is written.
class McpTestChild {
 public:
  ~McpTestChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    close_fd(to_child_);
    close_fd(from_child_);
  }
  bool start(const std::vector<std::string>& args, const std::string& stderr_path) {
    int in[2], out[2];
    if (::pipe(in) != 0) return false;
    if (::pipe(out) != 0) return false;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(in[0], STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    to_child_ = in[1];
    from_child_ = out[0];
    return pid_ > 0;
  }
  bool send(const json& message) {
    std::string line = message.dump() + "\n";
    return ::write(to_child_, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  }
  // The next line on the child's stdout; "" on end of output or after `timeout_ms` of silence.
  std::string read_line(int timeout_ms = 20000) {
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      pollfd p{from_child_, POLLIN, 0};
      if (::poll(&p, 1, timeout_ms) <= 0) return "";
      char buf[4096];
      ssize_t n = ::read(from_child_, buf, sizeof buf);
      if (n <= 0) return "";
      buffer_.append(buf, static_cast<size_t>(n));
    }
  }
  // Closes stdin (the client hangs up) and returns the exit status, or -1 after 20 s.
  int finish(std::string& rest) {
    close_fd(to_child_);
    for (std::string line; !(line = read_line()).empty();) rest += line + "\n";
    rest += buffer_;
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ::usleep(100'000);
    }
    return -1;
  }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  std::string buffer_;
};

TEST_F(McpTest, TheBinaryServesOverStdio) {
  const std::string binary = oiis::testing::oiis_binary_path();
  if (binary.empty()) OIIS_SKIP_UNLESS_REQUIRED("no oiis binary beside the test binary (build target oiis)");
  std::signal(SIGPIPE, SIG_IGN);  // a child that died must fail the test, not end the binary
  const std::string log = (*dir_ / "mcp.stderr").string();
  McpTestChild child;
  ASSERT_TRUE(child.start({binary, "mcp", "--data", dir_->string()}, log));
  auto logs = [&] {
    std::ifstream in(log);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  ASSERT_TRUE(child.send(mcp_test_request(1, "initialize", {{"protocolVersion", "2024-11-05"},
                                                           {"capabilities", json::object()},
                                                           {"clientInfo", {{"name", "test"}, {"version", "1"}}}})));
  auto init = json::parse(child.read_line(), nullptr, false);
  ASSERT_TRUE(init.is_object()) << "stderr: " << logs();
  EXPECT_EQ(init["id"], 1);
  EXPECT_EQ(init["result"]["protocolVersion"], "2024-11-05");
  ASSERT_TRUE(child.send({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}));
  ASSERT_TRUE(child.send(mcp_test_request(2, "tools/list")));
  auto list = json::parse(child.read_line(), nullptr, false);
  ASSERT_TRUE(list.is_object()) << "stderr: " << logs();
  EXPECT_EQ(list["id"], 2);
  bool has_sales = false;
  for (const auto& t : list["result"]["tools"]) has_sales = has_sales || t["name"] == "sales_summary";
  EXPECT_TRUE(has_sales) << list.dump();
  ASSERT_TRUE(child.send(mcp_test_request(3, "tools/call", {{"name", "sales_summary"}, {"arguments", json::object()}})));
  auto called = json::parse(child.read_line(), nullptr, false);
  ASSERT_TRUE(called.is_object()) << "stderr: " << logs();
  EXPECT_EQ(called["result"]["isError"], false) << called.dump();
  auto payload = json::parse(called["result"]["content"][0].value("text", ""), nullptr, false);
  EXPECT_EQ(payload["sources"][0]["kind"], "sql") << called.dump();
  std::string rest;
  EXPECT_EQ(child.finish(rest), 0) << "stderr: " << logs();
  EXPECT_EQ(rest, "") << "stdout carries only responses";
  EXPECT_NE(logs().find("oiis mcp"), std::string::npos) << "logs go to stderr";
}

}  // namespace
}  // namespace oiis::agents
