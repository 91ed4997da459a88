#include "agents/mcp.h"

#include <algorithm>

namespace oiis::agents {

using nlohmann::json;

namespace {

// Serialised with invalid UTF-8 replaced rather than thrown on: a product name imported with
// a stray byte must not cost the client its response.
std::string mcp_dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json mcp_result(const json& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

// A tool-level outcome: one text item. isError results are for the model to read and correct,
// not protocol faults.
json mcp_tool_content(const std::string& text, bool is_error) {
  return {{"content", json::array({{{"type", "text"}, {"text", text}}})}, {"isError", is_error}};
}

json mcp_tool_payload(const ToolResult& r) {
  json sources = json::array();
  for (const auto& s : r.sources) sources.push_back({{"kind", s.kind}, {"detail", s.detail}, {"params", s.params}});
  return {{"data", r.data}, {"sources", sources}, {"caveats", r.caveats}};
}

// JSON-RPC ids are strings or numbers; MCP also rules out null.
bool mcp_valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }

// Tool annotations arrived with 2025-03-26; an older client gets the fields it knows.
bool mcp_has_annotations(const std::string& version) { return version >= "2025-03-26"; }

}  // namespace

const std::vector<std::string>& mcp_protocol_versions() {
  static const std::vector<std::string> versions = {"2025-03-26", "2024-11-05"};
  return versions;
}

json mcp_error(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

McpServer::McpServer(ToolContext& context, McpOptions options)
    : context_(context),
      options_(std::move(options)),
      registry_(options_.registry ? *options_.registry : builtin_tools()),
      protocol_version_(mcp_protocol_versions().front()) {}

std::optional<json> McpServer::handle(const json& message) {
  try {
    if (!message.is_array()) return handle_one(message);
    // A batch (2025-03-26): one response per request in it, none when all were notifications.
    if (message.empty()) return mcp_error(nullptr, kMcpInvalidRequest, "empty batch");
    json responses = json::array();
    for (const auto& m : message)
      if (auto r = handle_one(m)) responses.push_back(std::move(*r));
    if (responses.empty()) return std::nullopt;
    return responses;
  } catch (const std::exception& e) {
    return mcp_error(nullptr, kMcpInternalError, std::string("internal error: ") + e.what());
  }
}

std::string McpServer::handle_line(const std::string& line) {
  try {
    // A stray empty line between messages is not a message and deserves no answer.
    if (line.find_first_not_of(" \t\r\n") == std::string::npos) return "";
    json message;
    try {
      message = json::parse(line);
    } catch (const json::parse_error& e) {
      return mcp_dump(mcp_error(nullptr, kMcpParseError, std::string("parse error: ") + e.what()));
    }
    auto response = handle(message);
    return response ? mcp_dump(*response) : std::string();
  } catch (...) {
    return R"({"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error"}})";
  }
}

std::optional<json> McpServer::handle_one(const json& message) {
  if (!message.is_object()) return mcp_error(nullptr, kMcpInvalidRequest, "a message must be a JSON object");
  const bool has_id = message.contains("id");
  if (has_id && !mcp_valid_id(message["id"]))
    return mcp_error(nullptr, kMcpInvalidRequest, "id must be a string or an integer");
  const json id = has_id ? message["id"] : json(nullptr);
  if (!message.contains("method")) {
    // A response to a request of ours: the server sends none, so there is nothing to match.
    if (message.contains("result") || message.contains("error")) return std::nullopt;
    return mcp_error(id, kMcpInvalidRequest, "a request needs a method");
  }
  if (message.value("jsonrpc", json()) != "2.0")
    return mcp_error(id, kMcpInvalidRequest, "jsonrpc must be \"2.0\"");
  if (!message["method"].is_string()) return mcp_error(id, kMcpInvalidRequest, "method must be a string");
  const json params = message.value("params", json::object());
  // Notifications (initialized, cancelled, ...) need nothing from a server without state per
  // request; they get no response, as JSON-RPC requires, even when unknown.
  if (!has_id) return std::nullopt;
  if (!params.is_object()) return mcp_error(id, kMcpInvalidParams, "params must be an object");
  return dispatch(message["method"].get<std::string>(), params, id);
}

json McpServer::dispatch(const std::string& method, const json& params, const json& id) {
  if (method == "initialize") return initialize(params, id);
  if (method == "ping") return mcp_result(id, json::object());
  if (method == "tools/list") return list_tools(id);
  if (method == "tools/call") return call_tool(params, id);
  return mcp_error(id, kMcpMethodNotFound, "method not found: " + method);
}

json McpServer::initialize(const json& params, const json& id) {
  const auto& versions = mcp_protocol_versions();
  const json requested = params.value("protocolVersion", json());
  // The client's revision when spoken here, else the newest: the client then decides whether
  // it can go on (the specification's negotiation).
  protocol_version_ = versions.front();
  if (requested.is_string() && std::find(versions.begin(), versions.end(), requested.get<std::string>()) != versions.end())
    protocol_version_ = requested.get<std::string>();
  initialized_ = true;
  std::string instructions =
      "OIIS answers questions about one shop's orders, stock, customers and suppliers. Each tool "
      "returns JSON {data, sources, caveats}: cite the sources (the SQL run, the model or service) "
      "for the figures you use and pass the caveats on. Periods are YYYY-MM-DD and default to the "
      "whole history; 'today' is the day of the latest order.";
  if (!options_.allow_writes) instructions += " Tools that write are refused by this server.";
  return mcp_result(id, {{"protocolVersion", protocol_version_},
                         {"capabilities", {{"tools", {{"listChanged", false}}}}},
                         {"serverInfo", {{"name", options_.server_name}, {"version", options_.server_version}}},
                         {"instructions", instructions}});
}

json McpServer::list_tools(const json& id) const {
  json tools = json::array();
  for (const auto& spec : registry_.list()) {
    json tool = {{"name", spec.name}, {"description", spec.description}, {"inputSchema", spec.input_schema}};
    if (spec.writes && !options_.allow_writes)
      tool["description"] = spec.description + " [writes: refused by this server, which has no approval step]";
    if (mcp_has_annotations(protocol_version_))
      tool["annotations"] = {{"readOnlyHint", !spec.writes}, {"openWorldHint", false}};
    tools.push_back(std::move(tool));
  }
  // One page: the registry is a few dozen tools, so a cursor, if sent, is ignored.
  return mcp_result(id, {{"tools", tools}});
}

json McpServer::call_tool(const json& params, const json& id) {
  if (!params.contains("name") || !params["name"].is_string())
    return mcp_error(id, kMcpInvalidParams, "params.name must be the tool's name (a string)");
  const auto name = params["name"].get<std::string>();
  json args = params.value("arguments", json::object());
  if (args.is_null()) args = json::object();
  if (!args.is_object()) return mcp_error(id, kMcpInvalidParams, "params.arguments must be an object");
  const ToolSpec* spec = registry_.find(name);
  if (!spec) return mcp_error(id, kMcpInvalidParams, "unknown tool: " + name);
  if (spec->writes && !options_.allow_writes)
    return mcp_result(id, mcp_tool_content("tool '" + name + "' writes and needs an approval; this MCP server "
                                           "has no approval step, so it does not run write tools",
                                           true));
  auto env = context_.environment();
  if (!env.is_ok()) return mcp_result(id, mcp_tool_content(env.status().to_string(), true));
  // The schema check (naming the argument) is the registry's; a write only gets here when
  // the server was built to allow writes, which stands for the approval.
  auto result = registry_.call(name, args, env.value(), options_.allow_writes);
  if (!result.is_ok()) return mcp_result(id, mcp_tool_content(result.status().to_string(), true));
  return mcp_result(id, mcp_tool_content(mcp_dump(mcp_tool_payload(result.value())), false));
}

}  // namespace oiis::agents
