// `oiis api-docs`: the HTTP API's reference from the route table the server dispatches from —
// Markdown tables per area, or the OpenAPI document; --write DIR updates DIR/api.md's generated
// section and DIR/openapi.json (the files a test checks against the code).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "server/api.h"

namespace oiis::cli {
namespace {

struct ApiDocsArgs {
  bool openapi = false;
  std::string write_dir;
};

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found("cannot read " + path.string(), "--write");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!(out << text)) return internal_error("cannot write " + path.string());
  return Status::ok();
}

Status write_docs(const std::filesystem::path& dir) {
  const auto table = server::build_route_table();
  auto markdown = read_file(dir / "api.md");
  if (!markdown) return markdown.status();
  auto updated = server::replace_route_reference(*markdown, table);
  if (!updated) return updated.status();
  OIIS_RETURN_IF_ERROR(write_file(dir / "api.md", *updated));
  OIIS_RETURN_IF_ERROR(write_file(dir / "openapi.json", server::build_openapi(table).dump(2) + "\n"));
  std::printf("wrote %s and %s\n", (dir / "api.md").c_str(), (dir / "openapi.json").c_str());
  return Status::ok();
}

int run(const ApiDocsArgs& args) {
  if (!args.write_dir.empty()) {
    const Status s = write_docs(args.write_dir);
    return s.is_ok() ? 0 : fail(s);
  }
  const auto table = server::build_route_table();
  if (args.openapi)
    std::printf("%s\n", server::build_openapi(table).dump(2).c_str());
  else
    std::printf("%s", server::render_route_reference(table).c_str());
  return 0;
}

}  // namespace

void add_api_docs_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ApiDocsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "api-docs", "Print the HTTP API reference generated from the route table");
  cmd->add_flag("--openapi", args->openapi, "the OpenAPI 3.0 document instead of Markdown");
  cmd->add_option("--write", args->write_dir,
                  "update DIR/api.md's generated section and DIR/openapi.json (e.g. docs)");
  cmd->callback([args, &exit_code] { exit_code = run(*args); });
}

}  // namespace oiis::cli
