// Internal to the graph engine (runner.cpp is its only user): one call's run of one thread,
// holding the thread's latest checkpoint and state in memory between steps.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/graph/checkpoint.h"
#include "agents/graph/graph.h"
#include "agents/graph/runner.h"

namespace oiis::agents::detail {

// The thread a subgraph node's run keeps its checkpoints in. The parent's step number makes
// each call of the node a thread of its own, and stays the same when the step is re-run after
// an interrupt or a crash, which is what lets the subgraph continue where it stopped.
std::string child_thread_name(const std::string& thread, const std::string& node, int step);

struct ResumeValue {
  std::string node;
  nlohmann::json value;
};

class Execution {
 public:
  using Sink = std::function<void(Event)>;  // empty: nobody listens, no event is built

  Execution(const CompiledGraph& graph, CheckpointStore& store, const RunnerOptions& options,
            std::string thread, Sink sink);

  // Reads the thread's checkpoints and rebuilds its latest state; false for a new thread.
  Result<bool> load();
  const Checkpoint& last() const { return last_; }
  // Applies a validated input as the thread's first checkpoint, or as a new turn of a done
  // thread, with START's successors as the next nodes.
  Status start(const nlohmann::json& input);
  // Runs steps until done, interrupted, an error or the step limit. Consumes the state.
  Result<RunResult> run(std::optional<ResumeValue> resume);

 private:
  struct NodeResult {
    Status error;
    nlohmann::json update = nlohmann::json::object();
    std::optional<nlohmann::json> interrupt;
    std::string path;  // of the interrupting node, through subgraphs
    // A subgraph's interrupt checkpoint, or its last one when it finished.
    std::int64_t child_checkpoint = -1;
  };
  using Writes = std::map<std::string, nlohmann::json>;  // node -> update, in merge order

  // Runs the step after last_; true when it stopped on an interrupt.
  Result<bool> run_step(std::optional<ResumeValue>& resume);
  Result<Writes> recorded_writes() const;
  std::vector<NodeResult> run_nodes(const std::vector<std::string>& nodes, int step,
                                    const std::optional<ResumeValue>& resume, bool record);
  NodeResult call_node(const std::string& node, int step, std::optional<nlohmann::json> answer);
  NodeResult call_function(const std::string& node, int step, std::optional<nlohmann::json> answer);
  NodeResult call_subgraph(const std::string& node, int step, std::optional<nlohmann::json> answer);
  Status check_conflicts(const Writes& writes, int step) const;
  Status finish_step(int step, const Writes& writes, bool drop_pending);
  Status drop_child_threads(const std::vector<std::string>& nodes,
                            const std::vector<NodeResult>& results, int step);
  Status checkpoint_interrupt(const std::string& node, NodeResult asked, Writes writes);
  Status put_checkpoint(Checkpoint cp);
  Status step_limit_error() const;
  void emit(EventKind kind, const std::string& node, int step, nlohmann::json data) const;
  Sink child_sink(const std::string& node) const;

  const CompiledGraph& graph_;
  CheckpointStore& store_;
  const RunnerOptions& options_;
  std::string thread_;
  Sink sink_;
  bool loaded_ = false;
  State state_;
  Checkpoint last_;
  std::vector<std::string> last_ran_;
};

// What a finished subgraph changed, as an update for the parent (whose keys have the same
// reducers): appended elements, the difference of sums, the new value of the rest.
nlohmann::json subgraph_update(const StateSchema& schema, const State& before, const State& after);

// Runner::fork without the Runner, recursing into an interrupted subgraph's thread.
Status fork_thread(const CompiledGraph& graph, CheckpointStore& store, const std::string& thread,
                   std::int64_t checkpoint_id, const std::string& new_thread,
                   const nlohmann::json& update);

}  // namespace oiis::agents::detail
