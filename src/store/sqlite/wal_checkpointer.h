// Copies the WAL into the database file off the writer thread, so that a checkpoint's page
// writes and its database-file fsync do not stall the groups behind it.
//
// Why two checkpointers. SQLite starts the WAL over only when a writer begins a transaction
// while every frame of the WAL is in the database file. A checkpoint run beside a writer that
// keeps appending never catches up alone (see wal_syncer.h), so the writer still finishes the
// job between two groups once the WAL is long (WriteQueue::checkpoint_if_due); but by then
// this thread has already copied all but the last few groups' frames, so the writer's own
// checkpoint is short. Durability: this connection runs with synchronous=NORMAL, so SQLite
// fsyncs the WAL before it copies any frame into the database file, and the database file
// before it marks the frames copied, exactly as for the writer's own checkpoint.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {

class WalCheckpointer {
 public:
  // Opens its own connection to `db_path` (already in WAL mode) and starts the thread.
  explicit WalCheckpointer(const std::string& db_path);
  // Stops the thread (a checkpoint in progress finishes) and closes the connection.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Asks for a PASSIVE checkpoint soon; cheap, never blocks (the writer calls it after a
  // commit that left the WAL long). Requests made while one runs fold into one more run.
  void request();
  // Checkpoints run so far (for tests).
  long completed() const;

 private:
  void loop();

  std::unique_ptr<Connection> connection_;  // this thread only
  mutable std::mutex mutex_;
  std::condition_variable wakeup_;
  bool requested_ = false;
  bool stopping_ = false;
  long completed_ = 0;
  std::thread thread_;
};

}  // namespace oiis::sqlite
