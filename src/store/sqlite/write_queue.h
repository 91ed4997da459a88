// The single writer of a SQLite store. SQLite allows one writer at a time, so all writes are
// funnelled into one thread that commits them in groups (group commit): it takes every pending
// request, opens one BEGIN IMMEDIATE transaction, runs each request inside its own SAVEPOINT
// (rolled back alone on a business error) and COMMITs once. On a durable store the COMMIT does
// not fsync (synchronous=NORMAL): the group goes to the WalSyncer, which wakes its callers once
// an fdatasync of the WAL has made its frames durable, while this thread already runs the next
// group's SQL (see wal_syncer.h). That next group stays open, taking in new requests, until
// the sync in progress ends, so there is at most one group syncing and one being built, and
// an acknowledged write is durable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "common/status.h"
#include "store/sqlite/signal.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/wal_checkpointer.h"
#include "store/sqlite/wal_syncer.h"

namespace oiis::sqlite {

class WriteQueue {
 public:
  // Takes ownership of the write connection; starts the writer thread. With a `syncer` (a
  // durable store) callers are woken once their group is durable; without one (a scratch
  // store, synchronous=OFF) as soon as it commits. A `checkpointer` (durable stores) does the
  // bulk of the checkpoints' copying off this thread.
  WriteQueue(std::unique_ptr<Connection> connection, std::unique_ptr<WalSyncer> syncer,
             std::unique_ptr<WalCheckpointer> checkpointer = nullptr);
  // Finishes queued work, then stops the thread. No ExclusiveLease may be alive.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Runs `body` on the writer thread inside a savepoint of a group transaction and returns its
  // result once the group has committed. SqliteError thrown by `body` rolls its savepoint back
  // and becomes the returned Status. `body` returns Result<T>.
  // `marks_data` false: the write is not business data (the MLOps tables), so it does not
  // run the commit marker (the data-version bump).
  template <typename Fn>
  auto execute(Fn&& body, bool marks_data = true) -> std::invoke_result_t<Fn&, Connection&> {
    using R = std::invoke_result_t<Fn&, Connection&>;
    std::optional<R> out;  // lives on this stack frame: we block until the job is done
    Status status = run_job(
        [&](Connection& c) -> Status {
          out.emplace(body(c));
          return out->is_ok() ? Status::ok() : out->status();
        },
        marks_data);
    if (!status.is_ok()) return status;
    return std::move(*out);
  }

  // Exclusive use of the write connection (bulk loading): the writer thread finishes what is
  // queued before, then parks until the lease is released; writes queued meanwhile wait.
  class ExclusiveLease {
   public:
    ~ExclusiveLease();
    ExclusiveLease(const ExclusiveLease&) = delete;
    ExclusiveLease& operator=(const ExclusiveLease&) = delete;
    Connection& connection() { return *connection_; }
    // Blocks until what the holder committed is durable (a no-op on a scratch store).
    Status make_durable();

   private:
    friend class WriteQueue;
    ExclusiveLease(WriteQueue* queue, Connection* c, Signal* release)
        : queue_(queue), connection_(c), release_(release) {}
    WriteQueue* queue_;
    Connection* connection_;
    Signal* release_;
  };
  Result<std::unique_ptr<ExclusiveLease>> acquire_exclusive();

  // From now on every group that commits a change also runs `sql` (statement text, no values)
  // in its transaction: the store's data-version bump. Call once, when the schema has the
  // table it touches (after migrations).
  void mark_commits_with(std::string sql);

 private:
  struct Job {
    std::function<Status(Connection&)> body;  // empty for an exclusive job
    bool marks_data = true;
    Status result;
    Signal done;
    Signal release;  // exclusive jobs: the lease holder is finished
  };

  Status run_job(std::function<Status(Connection&)> body, bool marks_data);
  void writer_loop();
  // The jobs of the open transaction that changed it; reset when SQLite aborts it.
  struct OpenGroup {
    std::vector<Job*> applied;
    bool data_changed = false;  // an applied job marks data
    void fail_applied(const Status& why);
  };
  // Runs a group: BEGIN, then the jobs taken from pending_ (more keep joining while the
  // previous group is being synced), COMMIT.
  void run_group(std::vector<Job*>& group);
  // Moves pending jobs into `group`, waiting for some while the previous group is being
  // synced; true when the group should commit now.
  bool take_jobs(std::vector<Job*>& group);
  void apply(Job& job, OpenGroup& open);
  // Durable stores: asks the checkpointer to copy the WAL once it is moderately long, and
  // finishes the copy on the writer connection (so SQLite starts the WAL over) once it is long.
  void checkpoint_if_due();
  // Wakes the group's callers: at once, or once the syncer has made the group durable.
  void acknowledge(std::vector<Job*>& group);
  Status run_in_savepoint(Job& job);
  void park_for_exclusive(Job& job);

  std::unique_ptr<Connection> connection_;
  std::unique_ptr<WalSyncer> syncer_;  // null on a scratch store; stops before connection_
  std::unique_ptr<WalCheckpointer> checkpointer_;  // null on a scratch store; stops first
  std::atomic<int> wal_frames_{0};     // the WAL's length after the latest commit (WAL hook)
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::deque<Job*> pending_;
  int groups_syncing_ = 0;  // committed groups the syncer has not acknowledged yet
  bool stopping_ = false;
  std::thread::id exclusive_holder_;  // thread holding an ExclusiveLease, guarded by mutex_
  std::string commit_marker_;              // written once, before marking_ is set
  std::atomic<bool> marking_{false};
  std::thread writer_;
};

}  // namespace oiis::sqlite
