// `oiis export`: one entity as CSV (re-importable) or JSON Lines; `oiis export analytics`:
// orders, lines and stock movements as compressed CSV partitioned by month.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/progress.h"
#include "data/analytics_export.h"
#include "data/exporter.h"

namespace oiis::cli {
namespace {

struct ExportArgs {
  StoreArgs store;
  std::string entity, format = "csv", output = "-";
};

int run_export(const ExportArgs& a) {
  if (a.entity.empty()) return fail(invalid_argument("--entity is required", "--entity"));
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

struct AnalyticsArgs {
  StoreArgs store;
  std::string out, from, to;
  bool json = false;
};

int report_analytics(const AnalyticsExportSummary& s, const AnalyticsArgs& a, double seconds) {
  std::int64_t bytes = 0;
  std::map<std::string, std::int64_t> rows;
  for (const auto& f : s.files) {
    bytes += f.bytes;
    rows[f.table] += f.rows;
  }
  if (a.json) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : s.files)
      files.push_back({{"table", f.table}, {"month", f.month}, {"path", f.path},
                       {"rows", f.rows}, {"bytes", f.bytes}});
    nlohmann::json out = {{"out", a.out},     {"months", s.months}, {"rows", rows},
                          {"bytes", bytes},   {"seconds", seconds}, {"files", std::move(files)}};
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("exported %d months to %s in %.1f s: %lld orders, %lld order lines, %lld stock "
              "movements, %.1f MB compressed (manifest.json lists every file)\n",
              s.months, a.out.c_str(), seconds, static_cast<long long>(rows["orders"]),
              static_cast<long long>(rows["order_lines"]),
              static_cast<long long>(rows["stock_movements"]), bytes / 1e6);
  return 0;
}

int run_export_analytics(const AnalyticsArgs& a) {
  AnalyticsExportOptions options;
  options.out_dir = a.out;
  if (!a.from.empty()) {
    auto from = parse_year_month(a.from, "--from");
    if (!from) return fail(from.status());
    options.from = *from;
  }
  if (!a.to.empty()) {
    auto to = parse_year_month(a.to, "--to");
    if (!to) return fail(to.status());
    options.to = *to;
  }
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  TerminalProgressBar bar("export analytics (months)");
  const auto start = std::chrono::steady_clock::now();
  auto done = export_analytics(*store, options, &bar);
  if (!done) return fail(done.status());
  return report_analytics(
      *done, a, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

void add_export_analytics_command(CLI::App& parent, int& exit_code) {
  auto args = std::make_shared<AnalyticsArgs>();
  CLI::App* cmd = parent.add_subcommand(
      "analytics",
      "Write orders, order lines and stock movements as gzip CSV in month folders "
      "(orders/month=2024-01/part-0.csv.gz) with a manifest, for BI tools; re-running a month "
      "replaces it");
  add_store_options(*cmd, args->store);
  cmd->add_option("--out", args->out, "The folder to write (created when missing)")->required();
  cmd->add_option("--from", args->from, "First month, YYYY-MM (default: the first order's)");
  cmd->add_option("--to", args->to, "Last month, YYYY-MM, inclusive (default: the last order's)");
  cmd->add_flag("--json", args->json, "Print what was written as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_export_analytics(*args); });
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write one entity as CSV (the layout import reads) or JSON Lines; "
                "`export analytics`: month-partitioned compressed CSV for BI tools");
  add_store_options(*cmd, args->store);
  cmd->add_option("--entity", args->entity, "What to export: " + entity_names());
  cmd->add_option("--format", args->format, "csv | jsonl")->capture_default_str();
  cmd->add_option("--output,-o", args->output, "Output file, '-' for stdout")
      ->capture_default_str();
  add_export_analytics_command(*cmd, exit_code);
  cmd->callback([cmd, args, &exit_code] {
    if (!cmd->got_subcommand("analytics")) exit_code = run_export(*args);
  });
}

}  // namespace oiis::cli
