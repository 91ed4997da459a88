// Makes the write queue's commits durable off the writer thread: pipelined group commit.
//
// How an acknowledged write is made durable. The writer connection runs in WAL mode with
// synchronous=NORMAL, so COMMIT appends the group's frames to the -wal file with write() and
// does not fsync: it returns at once and the writer starts the next group's SQL. The writer
// then hands the committed group here. This thread takes every group handed over so far and
// calls fdatasync on its own descriptor of the -wal file; on Linux fsync/fdatasync flush the
// file's dirty pages whichever descriptor wrote them, so every frame written before the call
// is on disk when it returns. Only then are those groups' callers woken. An order is thus
// acknowledged after its frames are durable, while the next group's SQL overlapped the sync.
// (Readers can see a committed group a few milliseconds before it is durable; no caller is
// told it succeeded before then.)
//
// Checkpoints are not run here but by the checkpointer thread and, to finish each WAL cycle,
// the writer (WriteQueue::checkpoint_if_due, wal_checkpointer.h): run here alone, beside a
// writer that always has the next group's frames coming, they never caught up with the WAL, so
// SQLite never started the WAL over and it grew without bound.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"

namespace oiis::sqlite {

class WalSyncer {
 public:
  // Runs once the committed group is on disk, on the syncer thread; `synced` is the error
  // that kept it from being made durable, or OK.
  using OnDurable = std::function<void(const Status& synced)>;

  // `db_path`: the database file; its WAL is `db_path` + "-wal". Starts the syncer thread.
  explicit WalSyncer(std::string db_path);
  // Makes everything handed over durable, then stops the thread.
  ~WalSyncer();
  WalSyncer(const WalSyncer&) = delete;
  WalSyncer& operator=(const WalSyncer&) = delete;

  // Called right after a COMMIT returned on the writer connection.
  void after_commit(OnDurable on_durable);
  // Blocks until everything committed so far is durable (the bulk writer's commit).
  Status sync_now();

 private:
  void sync_loop();
  Status sync_wal();
  Status open_wal();

  std::string wal_path_;
  int wal_fd_ = -1;  // syncer thread only
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::vector<OnDurable> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace oiis::sqlite
