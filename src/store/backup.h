// Backup and restore of a SQLite store file with SQLite's online backup API: the copy is one
// consistent snapshot (one read transaction; in WAL mode writers carry on meanwhile), so a
// backup taken under order load holds every order committed before it started. PostgreSQL
// stores are backed up with pg_dump / pg_restore instead (docs/operations.md).
#pragma once

#include <string>

#include "common/status.h"

namespace oiis {

struct BackupSummary {
  long long bytes = 0;
  long long orders = 0;  // rows in `orders` of the copy, for the operator's sanity check
};

// Copies the database at `db_path` to `out_path` (written to out_path + ".tmp", checked with
// PRAGMA integrity_check, then renamed, so a failed backup never leaves a half file under the
// final name). kNotFound when db_path does not exist; kAlreadyExists when out_path does.
Result<BackupSummary> backup_sqlite(const std::string& db_path, const std::string& out_path);

// Replaces the database at `db_path` with the backup at `in_path` after checking the backup's
// integrity. Refuses (kAlreadyExists) when db_path exists unless `replace`; the server must
// not be running on db_path (the copy takes the database's write lock while it runs).
Result<BackupSummary> restore_sqlite(const std::string& in_path, const std::string& db_path,
                                     bool replace);

}  // namespace oiis
