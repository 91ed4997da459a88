#include <sqlite3.h>

#include <filesystem>
#include <memory>

#include "store/backup.h"

namespace oiis {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

Result<Db> open_db(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK)
    return unavailable("cannot open '" + path + "': " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

// One sqlite3_backup_step(-1): the whole copy under one read transaction of the source, so
// the copy is a single consistent snapshot however busy the writers are.
Status copy_database(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return unavailable(std::string("backup failed: ") + sqlite3_errmsg(to));
  int rc;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return unavailable(std::string("backup failed: ") + sqlite3_errstr(rc));
  return Status::ok();
}

Result<long long> scalar(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return unavailable(std::string(sqlite3_errmsg(db)));
  long long value = 0;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

// "ok" from PRAGMA integrity_check, and the order count.
Result<BackupSummary> check_copy(const std::string& path) {
  auto db = open_db(path, SQLITE_OPEN_READONLY);
  if (!db) return db.status();
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db->get(), "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK)
    return unavailable(std::string(sqlite3_errmsg(db->get())));
  std::string verdict;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (verdict != "ok") return invalid_argument("'" + path + "' fails its integrity check: " + verdict);
  auto orders = scalar(db->get(), "SELECT count(*) FROM orders");
  if (!orders) return invalid_argument("'" + path + "' is not an OIIS store (no orders table)");
  BackupSummary summary;
  summary.orders = *orders;
  std::error_code ec;
  summary.bytes = static_cast<long long>(std::filesystem::file_size(path, ec));
  return summary;
}

}  // namespace

Result<BackupSummary> backup_sqlite(const std::string& db_path, const std::string& out_path) {
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec))
    return not_found("no database at '" + db_path + "'", "data");
  if (std::filesystem::exists(out_path, ec))
    return already_exists("'" + out_path + "' already exists", "to");
  const std::string tmp = out_path + ".tmp";
  std::filesystem::remove(tmp, ec);
  {
    auto from = open_db(db_path, SQLITE_OPEN_READONLY);
    if (!from) return from.status();
    auto to = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!to) return to.status();
    if (Status s = copy_database(from->get(), to->get()); !s.is_ok()) {
      std::filesystem::remove(tmp, ec);
      return s;
    }
    // A single file: the copy needs no WAL beside it.
    sqlite3_exec(to->get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr);
  }
  auto summary = check_copy(tmp);
  if (!summary) {
    std::filesystem::remove(tmp, ec);
    return summary.status();
  }
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) return unavailable("cannot rename '" + tmp + "' to '" + out_path + "': " + ec.message());
  return summary;
}

Result<BackupSummary> restore_sqlite(const std::string& in_path, const std::string& db_path,
                                     bool replace) {
  std::error_code ec;
  if (!std::filesystem::exists(in_path, ec))
    return not_found("no backup at '" + in_path + "'", "from");
  auto checked = check_copy(in_path);
  if (!checked) return checked.status();
  if (std::filesystem::exists(db_path, ec) && !replace)
    return already_exists("'" + db_path + "' exists; pass --replace to overwrite it", "data");
  auto from = open_db(in_path, SQLITE_OPEN_READONLY);
  if (!from) return from.status();
  auto to = open_db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!to) return to.status();
  OIIS_RETURN_IF_ERROR(copy_database(from->get(), to->get()));
  to->reset();  // close before checking the restored file
  return check_copy(db_path);
}

}  // namespace oiis
