// Runs a compiled graph in supersteps (Pregel / LangGraph style) and checkpoints every step.
//
// A step runs every active node on the same state snapshot (in the calling thread, or on up to
// `threads` workers), then merges their updates in node-name order, so the result never
// depends on which node finished first. Two nodes writing the same `replace` key in one step
// is a conflict error naming the key and both nodes; the other reducers combine. The next
// step's nodes are the union of the successors of this step's nodes, evaluated on the merged
// state; a node reached from several branches runs once. A thread's run stops when no node is
// left (done), when a node interrupts (interrupted, resume() continues), on a node's error, or
// at the step limit.
//
// Crash safety: in a step with several nodes each finished node's update is stored as a
// pending write before the step's checkpoint. After an error or a crash, continue_thread() on
// a Runner over the same store re-runs only the nodes without a recorded write.
//
// One call at a time per thread; different threads may run concurrently on one Runner.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agents/graph/checkpoint.h"
#include "agents/graph/graph.h"
#include "agents/graph/state.h"
#include "common/status.h"

namespace oiis::agents {

struct RunnerOptions {
  int max_steps = 50;            // per call (invoke, resume, continue_thread), subgraphs apart
  int full_snapshot_every = 25;  // every n-th checkpoint holds the whole state
  int threads = 1;               // workers for a step's nodes; 1 runs them in the caller
  EventSink on_event;            // optional: node started/finished, custom, interrupt, done
  // A subgraph node's run keeps its checkpoints in a thread of its own ("t/node#step"). Kept,
  // they show what happened inside; dropped (false), a finished subgraph's thread is deleted
  // once the parent's step checkpoint holds its result, which saves its first, full
  // checkpoint per call, but a later fork of an interrupt inside it can no longer be made.
  bool keep_subgraph_threads = true;
};

enum class RunStatus { kDone, kInterrupted };

struct RunResult {
  RunStatus status = RunStatus::kDone;
  State state;
  std::optional<Interrupt> interrupt;  // when interrupted: who asked, and what
  std::int64_t checkpoint_id = 0;      // the thread's latest checkpoint
  int steps = 0;                       // steps this call ran
};

class Runner {
 public:
  Runner(std::shared_ptr<const CompiledGraph> graph, CheckpointStore& store,
         RunnerOptions options = {});

  // Starts a thread with `input` (an update of the schema's initial state), or, for a thread
  // whose last run is done, applies `input` and runs again from START (a conversation's next
  // turn). kFailedPrecondition while the thread has a pending interrupt or unfinished step.
  Result<RunResult> invoke(const std::string& thread, const nlohmann::json& input);
  // Answers the thread's pending interrupt: the node that raised it is called again with
  // ctx.resume = value (for an interrupt from inside a subgraph, the subgraph continues from
  // its own checkpoint), its siblings that had finished are not called again.
  Result<RunResult> resume(const std::string& thread, nlohmann::json value);
  // Continues from the last checkpoint after an error or a crash, taking the recorded writes
  // of nodes that had finished instead of calling them again.
  Result<RunResult> continue_thread(const std::string& thread);

  Result<State> state(const std::string& thread) const;
  Result<State> state_at(const std::string& thread, std::int64_t checkpoint_id) const;
  Result<std::vector<Checkpoint>> history(const std::string& thread) const;
  // Copies the thread as of `checkpoint_id` into `new_thread` (which must not exist) as its
  // first, full checkpoint; the new thread then continues (continue_thread / resume / invoke)
  // independently and the old one is unchanged. `update`, when not empty, is applied on top.
  Status fork(const std::string& thread, std::int64_t checkpoint_id, const std::string& new_thread,
              const nlohmann::json& update = nlohmann::json::object());
  // See agents::compact (checkpoint.h).
  Result<std::size_t> compact(const std::string& thread, int keep_last);

 private:
  std::shared_ptr<const CompiledGraph> graph_;
  CheckpointStore& store_;
  RunnerOptions options_;
};

}  // namespace oiis::agents
