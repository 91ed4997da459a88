// Checkpoints of a graph run and where they are kept.
//
// A thread (one conversation, one approval flow) is a linear list of checkpoints numbered
// 0, 1, 2, ... Checkpoint 0 holds the thread's first state; every later one holds only the
// delta of its step, except every `full_every`-th, which holds the whole state so that
// rebuilding any state replays at most full_every - 1 deltas. Each checkpoint also says which
// nodes run next, and carries a pending interrupt when the run stopped for a human.
//
// Pending writes make a crash cost no finished work: while a step with several nodes runs,
// each node that finishes has its update stored (put_write, keyed by the checkpoint the step
// started from) before the step's own checkpoint exists. A runner resuming from that
// checkpoint takes those updates instead of calling the nodes again.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agents/graph/state.h"
#include "common/status.h"

namespace oiis::agents {

// A node's finished update, recorded before its step's checkpoint.
struct PendingWrite {
  std::string node;
  nlohmann::json update = nlohmann::json::object();

  nlohmann::json to_json() const;
  static Result<PendingWrite> from_json(const nlohmann::json& value);
};

struct Interrupt {
  std::string node;  // the node of this graph that asked (a subgraph node when it came from inside)
  std::string path;  // the asking node through subgraphs, e.g. "purchase/approve"
  nlohmann::json payload;
  // For an interrupt from a subgraph node: the subgraph's own interrupt checkpoint, which a
  // fork of this checkpoint copies so that the fork resumes the subgraph where it stopped.
  std::int64_t child_checkpoint = -1;
};

struct Checkpoint {
  std::int64_t id = 0;          // position in its thread, from 0
  std::int64_t parent_id = -1;  // the checkpoint it follows; -1 for a thread's first
  // The last superstep completed; the next one (`next`) is step + 1. -1 for a thread's input; a
  // later turn's input takes a number of its own; an interrupt checkpoint keeps its parent's,
  // since the interrupted step did not complete and runs again on resume.
  int step = -1;
  bool full = false;              // `values` holds the whole state (else `delta` holds the change)
  State values;                   // when full
  StateDelta delta;               // when not full
  std::vector<std::string> next;  // nodes of the next step; empty: the run is done
  std::vector<PendingWrite> writes;  // updates of `next` nodes that already finished
  std::optional<Interrupt> interrupt;
  std::string forked_from;  // "thread#id" for a fork's first checkpoint

  // One JSON object; the store adapter keeps it as text keyed by thread and id.
  nlohmann::json to_json() const;
  static Result<Checkpoint> from_json(const nlohmann::json& value);
  // to_json().dump() without copying `values` into a temporary JSON tree first (a full
  // checkpoint of a long conversation is hundreds of kilobytes).
  std::string dump() const;
};

// Where checkpoints live. Implementations must be safe to call from several threads (a step's
// nodes record their writes concurrently when the runner uses threads).
class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;
  // Appends a checkpoint to its thread; its id must be the thread's next one.
  virtual Status put(const std::string& thread, const Checkpoint& checkpoint) = 0;
  // The thread's checkpoints in id order; empty for an unknown thread.
  virtual Result<std::vector<Checkpoint>> list(const std::string& thread) const = 0;
  // The checkpoints with id >= from_id, in id order. The default filters list(); a database
  // adapter should answer it with one range query on (thread, id), since every run reads only
  // the checkpoints since the last full one this way.
  virtual Result<std::vector<Checkpoint>> list_from(const std::string& thread,
                                                    std::int64_t from_id) const;
  // The thread's last checkpoint; nullopt for an unknown thread. The default uses list().
  virtual Result<std::optional<Checkpoint>> last(const std::string& thread) const;
  virtual Status remove(const std::string& thread, const std::vector<std::int64_t>& ids) = 0;

  virtual Status put_write(const std::string& thread, std::int64_t checkpoint_id,
                           const PendingWrite& write) = 0;
  // The writes recorded against `checkpoint_id`, in the order they were put.
  virtual Result<std::vector<PendingWrite>> writes(const std::string& thread,
                                                   std::int64_t checkpoint_id) const = 0;
  // Drops the writes of every checkpoint up to and including `checkpoint_id`.
  virtual Status remove_writes(const std::string& thread, std::int64_t checkpoint_id) = 0;
};

// Keeps each checkpoint as its serialised JSON text, as a database adapter would, so that
// stored_bytes() measures what a real store holds and every read exercises from_json.
class MemoryCheckpointStore : public CheckpointStore {
 public:
  Status put(const std::string& thread, const Checkpoint& checkpoint) override;
  Result<std::vector<Checkpoint>> list(const std::string& thread) const override;
  Result<std::vector<Checkpoint>> list_from(const std::string& thread,
                                            std::int64_t from_id) const override;
  Result<std::optional<Checkpoint>> last(const std::string& thread) const override;
  Status remove(const std::string& thread, const std::vector<std::int64_t>& ids) override;
  Status put_write(const std::string& thread, std::int64_t checkpoint_id,
                   const PendingWrite& write) override;
  Result<std::vector<PendingWrite>> writes(const std::string& thread,
                                           std::int64_t checkpoint_id) const override;
  Status remove_writes(const std::string& thread, std::int64_t checkpoint_id) override;

  // Sum of the serialised sizes of the thread's checkpoints (pending writes excluded).
  std::size_t stored_bytes(const std::string& thread) const;
  std::size_t write_count(const std::string& thread) const;

 private:
  struct Thread {
    std::map<std::int64_t, std::string> checkpoints;
    std::multimap<std::int64_t, std::string> writes;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Thread> threads_;
};

// The state at checkpoint `id` of an id-ordered list: the nearest full checkpoint at or before
// it plus the deltas after that one. kNotFound when compaction removed what it needs.
Result<State> rebuild_state(const std::vector<Checkpoint>& checkpoints, std::int64_t id);

// The state at checkpoint `id` (-1: the thread's last), read with list_from() from a window of
// 2 * full_every checkpoints before it (where its full snapshot is, unless the thread was
// written with another setting), falling back to the whole thread. The checkpoint comes too.
struct ThreadPoint {
  Checkpoint checkpoint;
  State state;
};
Result<std::optional<ThreadPoint>> read_point(const CheckpointStore& store,
                                              const std::string& thread, std::int64_t id,
                                              int full_every);

// Keeps the last `keep_last` checkpoints of a thread rebuildable and deletes every checkpoint
// before the full one they start from. Returns how many were deleted.
Result<std::size_t> compact(CheckpointStore& store, const std::string& thread, int keep_last);

}  // namespace oiis::agents
