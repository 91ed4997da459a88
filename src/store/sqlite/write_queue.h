// The single writer of a SQLite store. SQLite allows one writer at a time, and with
// synchronous=FULL every commit costs an fsync; so all writes are funnelled into one thread
// that commits them in groups (group commit): it takes every pending request, opens one
// BEGIN IMMEDIATE transaction, runs each request inside its own SAVEPOINT (rolled back alone on
// a business error), COMMITs once, and only then wakes the callers. One fsync is shared by
// the whole group, and an acknowledged write is durable.
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
#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {

// A one-shot wake-up. Not std::binary_semaphore: libstdc++ 12 spins on sched_yield before it
// sleeps, and on two cores that spinning (12% of CPU under an order load) starves the writer.
class Signal {
 public:
  // Notifies under the lock: the waiter may destroy this Signal as soon as it wakes.
  void release() {
    std::lock_guard lock(mutex_);
    set_ = true;
    cv_.notify_one();
  }
  void acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return set_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

class WriteQueue {
 public:
  // Takes ownership of the write connection; starts the writer thread.
  explicit WriteQueue(std::unique_ptr<Connection> connection);
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
  void run_group(std::vector<Job*>& group);
  Status run_in_savepoint(Job& job);
  void park_for_exclusive(Job& job);

  std::unique_ptr<Connection> connection_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::deque<Job*> pending_;
  bool stopping_ = false;
  std::thread::id exclusive_holder_;  // thread holding an ExclusiveLease, guarded by mutex_
  std::string commit_marker_;              // written once, before marking_ is set
  std::atomic<bool> marking_{false};
  std::thread writer_;
};

}  // namespace oiis::sqlite
