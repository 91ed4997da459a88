#include <cstdio>
#include <filesystem>

#include "cli/commands.h"

namespace oiis::cli {

void add_store_options(CLI::App& cmd, StoreArgs& args) {
  cmd.add_option("--data", args.data_dir, "Data directory (SQLite file and artefacts)")
      ->capture_default_str();
  cmd.add_option("--store", args.store_url,
                 "Store URL: postgresql://user@host:port/db, or sqlite:PATH (default: DATA/oiis.db)");
}

void add_backorder_option(CLI::App& cmd, StoreArgs& args) {
  cmd.add_flag("--allow-backorders", args.allow_backorders,
               "Accept orders beyond stock (on hand may go negative)");
}

Result<std::string> resolved_store_url(const StoreArgs& args) {
  if (!args.store_url.empty()) return args.store_url;
  std::error_code ec;
  std::filesystem::create_directories(args.data_dir, ec);
  if (ec)
    return unavailable("cannot create data directory '" + args.data_dir + "': " + ec.message());
  return (std::filesystem::path(args.data_dir) / "oiis.db").string();
}

std::unique_ptr<Store> open_store_or_report(const StoreArgs& args) {
  auto resolved = resolved_store_url(args);
  if (!resolved) {
    std::fprintf(stderr, "error: %s\n", resolved.status().message().c_str());
    return nullptr;
  }
  const std::string url = *resolved;
  StoreOptions options;
  options.allow_backorders = args.allow_backorders;
  auto store = open_store(url, options);
  if (!store) {
    std::fprintf(stderr, "error: cannot open store '%s': %s\n", url.c_str(),
                 store.status().to_string().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

std::string inventory_artefact_dir(const StoreArgs& args) {
  return (std::filesystem::path(args.data_dir) / "inventory").string();
}

int fail(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.to_string().c_str());
  return status.code() == ErrorCode::kInvalidArgument ? 2 : 1;
}

}  // namespace oiis::cli
