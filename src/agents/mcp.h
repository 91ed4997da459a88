// The Model Context Protocol server over OIIS's typed tools (revisions 2025-03-26 and
// 2024-11-05): JSON-RPC 2.0 messages in, responses out, no transport. `oiis mcp` puts it on
// stdio; a server could put it behind HTTP. It answers initialize, ping, tools/list and
// tools/call; notifications get no response.
//
// A tool's result goes back as one text content item holding {"data", "sources", "caveats"},
// so the client sees where each figure came from (the SQL, the model, the service). A tool that
// fails (an argument the schema refuses, an unknown SKU) is a result with isError: true and the
// Status (message and field) as its text, so the model can correct itself; JSON-RPC errors are
// kept for protocol faults (unknown method or tool, malformed params).
//
// Write tools (ToolSpec::writes) are listed but refused unless the server was built with
// allow_writes: an MCP client over stdio has no approval step OIIS can rely on, so by default a
// write is never run on a model's say-so.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/tool_context.h"
#include "agents/tools.h"

namespace oiis::agents {

struct McpOptions {
  // Run write tools without an approval. Off for `oiis mcp`; meant for a transport that asks a
  // person first.
  bool allow_writes = false;
  const ToolRegistry* registry = nullptr;  // null: builtin_tools()
  std::string server_name = "oiis";
  std::string server_version = "0.1.0";
};

// JSON-RPC 2.0 error codes the server answers with.
inline constexpr int kMcpParseError = -32700;
inline constexpr int kMcpInvalidRequest = -32600;
inline constexpr int kMcpMethodNotFound = -32601;
inline constexpr int kMcpInvalidParams = -32602;
inline constexpr int kMcpInternalError = -32603;

// The protocol revisions the server speaks, newest first; initialize answers with the
// client's revision when it is one of these, else with the newest.
const std::vector<std::string>& mcp_protocol_versions();

class McpServer {
 public:
  explicit McpServer(ToolContext& context, McpOptions options = {});

  // One JSON-RPC message (an object, or a batch array of them). The response, or nullopt when
  // none is due (a notification, a response from the client, a batch of notifications).
  // Never throws.
  std::optional<nlohmann::json> handle(const nlohmann::json& message);

  // One line of the stdio transport: parses it (malformed JSON gets a -32700 response) and
  // returns the response serialised on one line, or "" when none is due. Never throws.
  std::string handle_line(const std::string& line);

  // Whether initialize has been answered (for logs; requests before it are served anyway, as
  // a lenient server may).
  bool initialized() const { return initialized_; }

 private:
  std::optional<nlohmann::json> handle_one(const nlohmann::json& message);
  nlohmann::json dispatch(const std::string& method, const nlohmann::json& params, const nlohmann::json& id);
  nlohmann::json initialize(const nlohmann::json& params, const nlohmann::json& id);
  nlohmann::json list_tools(const nlohmann::json& id) const;
  nlohmann::json call_tool(const nlohmann::json& params, const nlohmann::json& id);

  ToolContext& context_;
  McpOptions options_;
  const ToolRegistry& registry_;
  std::string protocol_version_;  // the revision initialize settled on
  bool initialized_ = false;
};

// A JSON-RPC error response.
nlohmann::json mcp_error(const nlohmann::json& id, int code, const std::string& message);

}  // namespace oiis::agents
