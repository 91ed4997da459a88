// `oiis export`: one entity as CSV (re-importable) or JSON Lines.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "common/progress.h"
#include "data/exporter.h"

namespace oiis::cli {
namespace {

struct ExportArgs {
  StoreArgs store;
  std::string entity, format = "csv", output = "-";
};

int run_export(const ExportArgs& a) {
  auto entity = parse_entity(a.entity);
  if (!entity) return fail(entity.status());
  auto format = parse_export_format(a.format);
  if (!format) return fail(format.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  if (a.output == "-") {
    auto done = export_entity(*store, *entity, *format, stdout);
    return done ? 0 : fail(done.status());
  }
  // Write beside the target and rename, so a failed export never leaves half a file.
  const std::string tmp = a.output + ".partial";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return fail(invalid_argument("cannot write '" + a.output + "'", "output"));
  TerminalProgressBar bar("export " + a.entity);
  auto done = export_entity(*store, *entity, *format, f, &bar);
  const bool closed = std::fclose(f) == 0;
  std::error_code ec;
  if (!done || !closed) {
    std::filesystem::remove(tmp, ec);
    return fail(done ? internal_error("closing '" + a.output + "' failed") : done.status());
  }
  std::filesystem::rename(tmp, a.output, ec);
  if (ec) return fail(internal_error("cannot rename to '" + a.output + "': " + ec.message()));
  std::fprintf(stderr, "exported %lld %s (%lld rows) to %s\n", static_cast<long long>(done->items),
               a.entity.c_str(), static_cast<long long>(done->rows), a.output.c_str());
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write one entity as CSV (the layout import reads) or JSON Lines");
  add_store_options(*cmd, args->store);
  cmd->add_option("--entity", args->entity, "What to export: " + entity_names())->required();
  cmd->add_option("--format", args->format, "csv | jsonl")->capture_default_str();
  cmd->add_option("--output,-o", args->output, "Output file, '-' for stdout")
      ->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_export(*args); });
}

}  // namespace oiis::cli
