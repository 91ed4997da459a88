#include "store/sqlite/wal_checkpointer.h"

#include <pthread.h>

namespace oiis::sqlite {

WalCheckpointer::WalCheckpointer(const std::string& db_path)
    : connection_(std::make_unique<Connection>(
          db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI)) {
  // NORMAL makes the checkpoint fsync the WAL before copying and the database file after.
  // wal_autocheckpoint 0: this connection never writes, but say so.
  connection_->exec(
      "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = 0;");
  thread_ = std::thread([this] { loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
  thread_.join();
}

void WalCheckpointer::request() {
  {
    std::lock_guard lock(mutex_);
    if (requested_) return;
    requested_ = true;
  }
  wakeup_.notify_one();
}

long WalCheckpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void WalCheckpointer::loop() {
  pthread_setname_np(pthread_self(), "sqlite-ckpt");  // for top -H and perf
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait(lock, [&] { return stopping_ || requested_; });
      if (stopping_) return;
      requested_ = false;
    }
    // PASSIVE: never waits for readers or the writer; SQLITE_BUSY (the writer is running its
    // own checkpoint) just means that one does the copying. Frames it cannot copy yet (a
    // reader still needs them) are copied by a later run.
    sqlite3_wal_checkpoint_v2(connection_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              nullptr);
    std::lock_guard lock(mutex_);
    ++completed_;
  }
}

}  // namespace oiis::sqlite
