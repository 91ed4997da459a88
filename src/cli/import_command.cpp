// `oiis import`: CSV / JSON Lines per entity, or the Online Retail layout.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "common/progress.h"
#include "data/importer.h"
#include "data/product_terms.h"

namespace oiis::cli {
namespace {

struct ImportArgs {
  StoreArgs store;
  std::string entity, format = "csv", file, rejects;
  bool skip_invalid = false, reject_guests = false, json = false;
};

// --entity product-terms: supplier, cost and pack size of products already in the store.
int run_product_terms(const ImportArgs& a) {
  if (a.format != "csv") return fail(invalid_argument("product-terms is read from CSV", "format"));
  auto source = open_file_source(a.file);
  if (!source) return fail(source.status());
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  auto report = import_product_terms(*store, std::move(source).value());
  if (!report) return fail(report.status());
  std::printf("%s", report->to_text().c_str());
  return report->committed() ? 0 : 2;
}

int run_import(const ImportArgs& a) {
  if (a.entity == "product-terms") return run_product_terms(a);
  ImportOptions options;
  auto format = parse_import_format(a.format);
  if (!format) return fail(format.status());
  options.format = *format;
  if (options.format != ImportFormat::kOnlineRetail) {
    if (a.entity.empty())
      return fail(invalid_argument(
          "--entity is required for csv and jsonl (" + entity_names() + ")", "entity"));
    auto entity = parse_entity(a.entity);
    if (!entity) return fail(entity.status());
    options.entity = *entity;
  }
  options.skip_invalid = a.skip_invalid;
  options.rejects_path = a.rejects;
  options.reject_guests = a.reject_guests;
  if (a.reject_guests && options.format != ImportFormat::kOnlineRetail)
    return fail(invalid_argument("--reject-guests applies to --format online-retail only"));
  // Check the input before touching (maybe creating) the store.
  if (a.file != "-") {
    auto probe = open_file_source(a.file);
    if (!probe) return fail(probe.status());
  }
  auto store = open_store_or_report(a.store);
  if (!store) return 1;
  TerminalProgressBar bar("import");
  options.progress = &bar;
  auto report = import_file(*store, a.file, options);
  if (!report) return fail(report.status());
  if (a.json)
    std::printf("%s\n", report->to_json().dump(2).c_str());
  else
    std::printf("%s", report->to_text().c_str());
  if (!report->committed) {
    std::fprintf(stderr, "error: %s\n", report->summary().c_str());
    return 1;
  }
  if (report->rows_rejected > 0 && !a.rejects.empty())
    std::fprintf(stderr, "%lld rejected rows written to %s\n",
                 static_cast<long long>(report->rows_rejected), a.rejects.c_str());
  return 0;
}

}  // namespace

void add_import_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Load a CSV or JSON Lines file of one entity, or an Online Retail export, into the store.\n"
      "All-or-nothing unless --skip-invalid. See docs/import-formats.md.");
  add_store_options(*cmd, args->store);
  cmd->add_option("--entity", args->entity,
                  "What the file holds: " + entity_names() +
                      ", or product-terms (supplier, cost, pack size of existing products)");
  cmd->add_option("--format", args->format, "csv | jsonl | online-retail")->capture_default_str();
  cmd->add_option("FILE", args->file, "Input file ('-' reads stdin; not for online-retail)")
      ->required();
  cmd->add_flag("--skip-invalid", args->skip_invalid,
                "Import the valid rows even when some are rejected");
  cmd->add_option("--rejects", args->rejects,
                  "Write rejected rows to this CSV (line,reason,field,raw)");
  cmd->add_flag("--reject-guests", args->reject_guests,
                "online-retail: reject rows without CustomerID instead of importing guest orders");
  cmd->add_flag("--json", args->json, "Print the report as JSON");
  cmd->callback([args, &exit_code] { exit_code = run_import(*args); });
}

}  // namespace oiis::cli
