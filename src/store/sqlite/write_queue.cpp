#include "store/sqlite/write_queue.h"

#include <pthread.h>

#include <exception>
#include <string>
#include <vector>

namespace oiis::sqlite {
namespace {

// Bounds the latency a caller at the back of a long queue pays for its group.
constexpr size_t kMaxGroupSize = 512;

// The WAL length (in pages) past which the writer checkpoints, as SQLite's automatic
// checkpoint did here before (wal_autocheckpoint = 4000); from three quarters of that the
// checkpointer thread copies the WAL ahead of it, so the writer's own checkpoint finds little
// left to copy.
constexpr int kCheckpointFrames = 4000;
constexpr int kBackgroundCheckpointFrames = kCheckpointFrames * 3 / 4;

int note_wal_frames(void* wal_frames, sqlite3*, const char*, int frames) {
  static_cast<std::atomic<int>*>(wal_frames)->store(frames, std::memory_order_relaxed);
  return SQLITE_OK;
}

}  // namespace

WriteQueue::WriteQueue(std::unique_ptr<Connection> connection, std::unique_ptr<WalSyncer> syncer,
                       std::unique_ptr<WalCheckpointer> checkpointer)
    : connection_(std::move(connection)),
      syncer_(std::move(syncer)),
      checkpointer_(std::move(checkpointer)) {
  // Replaces SQLite's automatic checkpoint (off on a durable store's writer): see
  // checkpoint_if_due.
  if (syncer_) sqlite3_wal_hook(connection_->handle(), note_wal_frames, &wal_frames_);
  writer_ = std::thread([this] { writer_loop(); });
}

WriteQueue::~WriteQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_one();
  writer_.join();
  syncer_.reset();  // acknowledges the last groups once durable
}

Status WriteQueue::run_job(std::function<Status(Connection&)> body, bool marks_data) {
  Job job;
  job.body = std::move(body);
  job.marks_data = marks_data;
  {
    std::lock_guard lock(mutex_);
    if (exclusive_holder_ == std::this_thread::get_id())
      return failed_precondition("this thread holds a bulk writer; commit it before other writes");
    if (stopping_) return unavailable("store is closing");
    pending_.push_back(&job);
  }
  wakeup_.notify_one();
  job.done.acquire();
  return job.result;
}

Result<std::unique_ptr<WriteQueue::ExclusiveLease>> WriteQueue::acquire_exclusive() {
  auto* job = new Job;  // deleted by the writer thread once the lease is released
  {
    std::lock_guard lock(mutex_);
    if (exclusive_holder_ == std::this_thread::get_id()) {
      delete job;
      return failed_precondition("this thread already holds a bulk writer");
    }
    if (stopping_) {
      delete job;
      return unavailable("store is closing");
    }
    pending_.push_back(job);
  }
  wakeup_.notify_one();
  job->done.acquire();
  {
    std::lock_guard lock(mutex_);
    exclusive_holder_ = std::this_thread::get_id();
  }
  return std::unique_ptr<ExclusiveLease>(
      new ExclusiveLease(this, connection_.get(), &job->release));
}

WriteQueue::ExclusiveLease::~ExclusiveLease() {
  {
    std::lock_guard lock(queue_->mutex_);
    queue_->exclusive_holder_ = {};
  }
  release_->release();
}

Status WriteQueue::ExclusiveLease::make_durable() {
  return queue_->syncer_ ? queue_->syncer_->sync_now() : Status::ok();
}

void WriteQueue::mark_commits_with(std::string sql) {
  commit_marker_ = std::move(sql);
  marking_.store(true, std::memory_order_release);
}

void WriteQueue::writer_loop() {
  pthread_setname_np(pthread_self(), "sqlite-writer");  // for top -H and perf
  std::vector<Job*> group;
  for (;;) {
    Job* exclusive = nullptr;
    {
      std::unique_lock lock(mutex_);
      wakeup_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping and drained
      if (!pending_.front()->body) {
        exclusive = pending_.front();
        pending_.pop_front();
      }
    }
    if (exclusive) {
      park_for_exclusive(*exclusive);
    } else {
      run_group(group);
      group.clear();
    }
    checkpoint_if_due();
  }
}

void WriteQueue::checkpoint_if_due() {
  const int frames = wal_frames_.load(std::memory_order_relaxed);
  // After every group in the band below the writer's threshold, so that little is left to
  // copy when the writer's turn comes; not above it, or the checkpointer would hold SQLite's
  // checkpoint lock so often that the writer's own checkpoint (which starts the WAL over) kept
  // finding it busy and the WAL overshot.
  if (checkpointer_ && frames >= kBackgroundCheckpointFrames && frames < kCheckpointFrames)
    checkpointer_->request();
  if (!syncer_ || frames < kCheckpointFrames) return;
  // Between transactions, after the group went to the syncer (its callers do not wait for
  // this): nothing is appended meanwhile, so the copy can finish and the next transaction
  // starts the WAL over. With synchronous=NORMAL SQLite fsyncs the WAL before it copies any
  // frame into the database file and the database file after, so a checkpoint never puts a
  // change there whose frames could still be lost, and the WAL is reused only once all of it
  // is durable in the database file. PASSIVE: readers are never waited for; a busy or partial
  // checkpoint is tried again after the next group.
  sqlite3_wal_checkpoint_v2(connection_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr,
                            nullptr);
}

bool WriteQueue::take_jobs(std::vector<Job*>& group) {
  std::unique_lock lock(mutex_);
  // While the previous group is being synced, the open transaction stays open and takes in
  // what arrives: committing it now would only wait for the next sync anyway, and one bigger
  // group writes fewer WAL pages per order than several small ones.
  wakeup_.wait(lock, [&] { return stopping_ || !pending_.empty() || groups_syncing_ == 0; });
  // A group ends before the next exclusive job so that job sees committed state.
  while (!pending_.empty() && pending_.front()->body && group.size() < kMaxGroupSize) {
    group.push_back(pending_.front());
    pending_.pop_front();
  }
  const bool exclusive_next = !pending_.empty() && !pending_.front()->body;
  return groups_syncing_ == 0 || stopping_ || exclusive_next || group.size() >= kMaxGroupSize;
}

void WriteQueue::park_for_exclusive(Job& job) {
  job.done.release();
  job.release.acquire();
  // The lease holder commits or rolls back; make sure nothing is left open for the next group.
  if (connection_->in_transaction()) {
    try {
      connection_->exec("ROLLBACK");
    } catch (const SqliteError&) {
    }
  }
  delete &job;
}

Status WriteQueue::run_in_savepoint(Job& job) {
  connection_->run("SAVEPOINT job");
  Status status;
  try {
    status = job.body(*connection_);
  } catch (const SqliteError& e) {
    status = to_status(e);
  } catch (const std::exception& e) {
    status = internal_error(std::string("write failed: ") + e.what());
  }
  if (!connection_->in_transaction()) return status;  // SQLite aborted the whole transaction
  if (!status.is_ok()) connection_->run("ROLLBACK TO job");
  connection_->run("RELEASE job");
  return status;
}

void WriteQueue::OpenGroup::fail_applied(const Status& why) {
  for (Job* j : applied) j->result = why;
  applied.clear();
  data_changed = false;
}

void WriteQueue::apply(Job& job, OpenGroup& open) {
  job.result = run_in_savepoint(job);
  if (!connection_->in_transaction()) {
    // e.g. disk full or I/O error: SQLite rolled everything back; start over for the rest.
    open.fail_applied(unavailable("write transaction aborted: " + job.result.message()));
    if (job.result.is_ok()) job.result = unavailable("write transaction aborted");
    connection_->run("BEGIN IMMEDIATE");
    return;
  }
  if (job.result.is_ok()) {
    open.applied.push_back(&job);
    open.data_changed = open.data_changed || job.marks_data;
  }
}

void WriteQueue::run_group(std::vector<Job*>& group) {
  OpenGroup open;
  try {
    connection_->run("BEGIN IMMEDIATE");
    for (bool commit_now = false; !commit_now;) {
      const size_t first_new = group.size();
      commit_now = take_jobs(group);
      for (size_t i = first_new; i < group.size(); ++i) apply(*group[i], open);
    }
    if (open.data_changed && marking_.load(std::memory_order_acquire))
      connection_->run(commit_marker_);
    connection_->run("COMMIT");
  } catch (const SqliteError& e) {
    Status why = to_status(e);
    if (connection_->in_transaction()) {
      try {
        connection_->exec("ROLLBACK");
      } catch (const SqliteError&) {
      }
    }
    open.fail_applied(why);
    for (Job* job : group)
      if (job->result.is_ok()) job->result = why;
  }
  acknowledge(group);
}

void WriteQueue::acknowledge(std::vector<Job*>& group) {
  if (!syncer_) {
    for (Job* job : group) job->done.release();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++groups_syncing_;
  }
  // Every job waits for the sync, refused ones too: a refusal may rest on a change that is
  // committed but not yet durable.
  syncer_->after_commit([this, jobs = std::move(group)](const Status& synced) {
    {
      std::lock_guard lock(mutex_);
      --groups_syncing_;  // the writer may commit the group it holds open
    }
    wakeup_.notify_one();
    for (Job* job : jobs) {
      if (!synced.is_ok() && job->result.is_ok()) job->result = synced;
      job->done.release();
    }
  });
  group.clear();
}

}  // namespace oiis::sqlite
