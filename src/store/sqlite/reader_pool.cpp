#include "store/sqlite/reader_pool.h"

namespace oiis::sqlite {

ReaderPool::Lease ReaderPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
  }
  return Lease(this, open_reader());
}

std::unique_ptr<Connection> ReaderPool::open_reader() const {
  // Read-write open flags with query_only: a read-only open cannot create the WAL index
  // (-shm) file when the writer has not yet; query_only still refuses every write.
  auto c = std::make_unique<Connection>(
      path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI);
  c->exec(
      "PRAGMA query_only = ON;"
      "PRAGMA busy_timeout = 5000;"
      "PRAGMA cache_size = -16384;"
      "PRAGMA mmap_size = 268435456;"
      "PRAGMA temp_store = MEMORY;");
  return c;
}

void ReaderPool::give_back(std::unique_ptr<Connection> c) {
  if (!c) return;
  // A read that threw halfway may have left an explicit transaction open.
  if (c->in_transaction()) {
    try {
      c->exec("ROLLBACK");
    } catch (const SqliteError&) {
      return;  // drop the connection
    }
  }
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(c));
}

}  // namespace oiis::sqlite
