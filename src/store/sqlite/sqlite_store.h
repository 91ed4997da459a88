#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace oiis {

// `path` is a database file (created when missing) or ":memory:". A ":memory:" store is a
// private scratch database in a temporary directory (deleted when the store is destroyed), so
// that its writer thread and reader pool behave exactly as with a file; it skips fsync.
// Writes are group-committed by one writer thread with synchronous=FULL: an acknowledged
// write has been fsynced to the WAL. A BulkWriter must be destroyed before its store.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const StoreOptions& options);

}  // namespace oiis
