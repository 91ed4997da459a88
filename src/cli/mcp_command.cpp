// `oiis mcp`: the Model Context Protocol server (agents/mcp.h) on stdio, for MCP clients such as
// Claude Desktop that start it as a subprocess. One JSON-RPC message per line on stdin, one
// response per line on stdout; logs go to stderr only, since anything else on stdout would
// corrupt the protocol. Write tools stay refused: stdio gives OIIS no approval step.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "agents/mcp.h"
#include "agents/tool_context.h"
#include "cli/commands.h"

namespace oiis::cli {
namespace {

// The protocol's own stdout, kept apart from fd 1: fd 1 is pointed at stderr so that a stray
// printf in a library logs instead of breaking the client's parser.
std::FILE* mcp_protocol_stream() {
  std::fflush(stdout);
  int fd = ::dup(STDOUT_FILENO);
  if (fd < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) return nullptr;
  return ::fdopen(fd, "w");
}

// Serves until stdin ends (the client closed the pipe) or stdout can no longer be written.
int mcp_serve(agents::McpServer& server, std::FILE* out) {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string response = server.handle_line(line);
    if (response.empty()) continue;
    response += '\n';
    if (std::fwrite(response.data(), 1, response.size(), out) != response.size() || std::fflush(out) != 0) {
      std::fprintf(stderr, "oiis mcp: the client's end of stdout is closed; stopping\n");
      return 1;
    }
  }
  return 0;
}

int run_mcp(const StoreArgs& args) {
  // A client that exits mid-response must end the loop through fwrite's error, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  std::FILE* out = mcp_protocol_stream();
  if (!out) {
    std::fprintf(stderr, "error: cannot set up stdout for the MCP protocol\n");
    return 1;
  }
  auto store = open_store_or_report(args);
  if (!store) return 1;
  agents::ToolEnvironment base;
  base.store = store.get();
  base.data_dir = args.data_dir;
  agents::ToolContext context(base);
  auto env = context.environment();  // reports a store it cannot read before the client waits
  if (!env) return fail(env.status());
  agents::McpServer server(context);
  std::fprintf(stderr, "oiis mcp: serving %zu tools over stdio (data %s; write tools refused)\n",
               agents::builtin_tools().list().size(),
               args.store_url.empty() ? args.data_dir.c_str() : "from --store");
  int code = mcp_serve(server, out);
  std::fclose(out);
  return code;
}

}  // namespace

void add_mcp_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<StoreArgs>();
  auto* cmd = app.add_subcommand(
      "mcp",
      "Serve OIIS's tools to an MCP client (Model Context Protocol over stdio: JSON-RPC lines on "
      "stdin and stdout, logs on stderr); tools that write are refused");
  add_store_options(*cmd, *args);
  cmd->callback([args, &exit_code] { exit_code = run_mcp(*args); });
}

}  // namespace oiis::cli
