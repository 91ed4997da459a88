// `oiis backup` and `oiis restore`: a consistent copy of a SQLite store, safe to take while
// `oiis serve` is writing (SQLite's online backup API), and putting one back. PostgreSQL
// stores use pg_dump / pg_restore (docs/operations.md).
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "store/backup.h"

namespace oiis::cli {
namespace {

struct BackupArgs {
  StoreArgs store;
  std::string file;
  bool replace = false;
};

// The SQLite file behind the store options; kInvalidArgument for a PostgreSQL URL.
Result<std::string> sqlite_path(const StoreArgs& args) {
  const std::string& url = args.store_url;
  if (url.empty()) return (std::filesystem::path(args.data_dir) / "oiis.db").string();
  if (url.rfind("sqlite:", 0) == 0) return url.substr(7);
  if (url.rfind("postgres", 0) == 0)
    return invalid_argument(
        "PostgreSQL stores are backed up with pg_dump and restored with pg_restore "
        "(see docs/operations.md)",
        "store");
  return url;  // a plain path is a SQLite file, as open_store reads it
}

int report(const Result<BackupSummary>& done, const char* verb, const std::string& file) {
  if (!done) {
    std::fprintf(stderr, "error: %s\n", done.status().to_string().c_str());
    return 1;
  }
  std::printf("%s %s: %lld bytes, %lld orders, integrity ok\n", verb, file.c_str(), done->bytes,
              done->orders);
  return 0;
}

int run_backup(const BackupArgs& args) {
  auto db = sqlite_path(args.store);
  if (!db) return report(db.status(), "", "");
  return report(backup_sqlite(*db, args.file), "backed up to", args.file);
}

int run_restore(const BackupArgs& args) {
  auto db = sqlite_path(args.store);
  if (!db) return report(db.status(), "", "");
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(*db).parent_path(), ec);
  return report(restore_sqlite(args.file, *db, args.replace), "restored from", args.file);
}

}  // namespace

void add_backup_commands(CLI::App& app, int& exit_code) {
  auto backup = std::make_shared<BackupArgs>();
  CLI::App* b = app.add_subcommand(
      "backup", "Copy the SQLite store to FILE, consistently, even while `oiis serve` writes");
  add_store_options(*b, backup->store);
  b->add_option("--to", backup->file, "Backup file to create (must not exist)")->required();
  b->callback([backup, &exit_code] { exit_code = run_backup(*backup); });

  auto restore = std::make_shared<BackupArgs>();
  CLI::App* r = app.add_subcommand(
      "restore", "Put a backup made by `oiis backup` back as the store (stop the server first)");
  add_store_options(*r, restore->store);
  r->add_option("--from", restore->file, "Backup file made by `oiis backup`")->required();
  r->add_flag("--replace", restore->replace, "Overwrite an existing store");
  r->callback([restore, &exit_code] { exit_code = run_restore(*restore); });
}

}  // namespace oiis::cli
