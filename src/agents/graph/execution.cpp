#include "agents/graph/execution.h"

#include <set>

#include "common/parallel.h"

namespace oiis::agents::detail {

using nlohmann::json;

std::string child_thread_name(const std::string& thread, const std::string& node, int step) {
  return thread + "/" + node + "#" + std::to_string(step);
}

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

// Puts the node and step in front of an error a node caused, keeping its code and field.
Status in_node(const std::string& node, int step, const Status& error) {
  return Status(error.code(),
                "node '" + node + "' (step " + std::to_string(step) + "): " + error.message(),
                error.field());
}

State project(const StateSchema& schema, const State& state) {
  State out = json::object();
  for (const auto& [key, spec] : schema.keys()) {
    if (auto it = state.find(key); it != state.end()) out[key] = *it;
  }
  return out;
}

}  // namespace

Execution::Execution(const CompiledGraph& graph, CheckpointStore& store,
                     const RunnerOptions& options, std::string thread, Sink sink)
    : graph_(graph),
      store_(store),
      options_(options),
      thread_(std::move(thread)),
      sink_(std::move(sink)) {}

Result<bool> Execution::load() {
  auto point = read_point(store_, thread_, -1, options_.full_snapshot_every);
  if (!point) return point.status();
  if (!*point) return false;
  state_ = std::move((*point)->state);
  last_ = std::move((*point)->checkpoint);
  loaded_ = true;
  return true;
}

Status Execution::start(const json& input) {
  if (!loaded_) state_ = graph_.schema().initial_state();
  Checkpoint cp;
  graph_.schema().apply(state_, input, cp.delta);
  auto next = graph_.successors(START, state_);
  if (!next) return in_node(START, last_.step + 1, next.status());
  // A new thread's input is "step -1"; a later turn's input takes a step number of its own.
  cp.step = loaded_ ? last_.step + 1 : -1;
  cp.next = std::move(*next);
  return put_checkpoint(std::move(cp));
}

Status Execution::put_checkpoint(Checkpoint cp) {
  cp.id = loaded_ ? last_.id + 1 : 0;
  cp.parent_id = loaded_ ? last_.id : -1;
  const int every = std::max(1, options_.full_snapshot_every);
  cp.full = cp.id % every == 0;
  // A full checkpoint lends the state to the store instead of copying it (the state of a long
  // conversation is large); last_ never needs its values afterwards.
  if (cp.full) {
    cp.values = std::move(state_);
    cp.delta = StateDelta{};
  }
  Status put = store_.put(thread_, cp);
  if (cp.full) state_ = std::move(cp.values);
  OIIS_RETURN_IF_ERROR(put);
  last_ = std::move(cp);
  loaded_ = true;
  return Status::ok();
}

Status Execution::step_limit_error() const {
  return failed_precondition(
      "step limit of " + std::to_string(options_.max_steps) + " reached in thread '" + thread_ +
          "'; the last step ran: " + joined(last_ran_) + "; next: " + joined(last_.next),
      "max_steps");
}

Result<RunResult> Execution::run(std::optional<ResumeValue> resume) {
  RunResult result;
  while (!last_.next.empty()) {
    if (result.steps >= options_.max_steps) return step_limit_error();
    auto interrupted = run_step(resume);
    if (!interrupted) return interrupted.status();
    ++result.steps;
    if (*interrupted) {
      result.status = RunStatus::kInterrupted;
      result.interrupt = last_.interrupt;
      break;
    }
  }
  result.checkpoint_id = last_.id;
  if (result.status == RunStatus::kDone && sink_) {
    emit(EventKind::kDone, "", last_.step, json{{"checkpoint", last_.id}, {"state", state_}});
  }
  result.state = std::move(state_);
  return result;
}

Result<Execution::Writes> Execution::recorded_writes() const {
  Writes writes;
  for (const auto& w : last_.writes) writes[w.node] = w.update;
  // Only a step of several nodes records writes, so a single node's step skips the read.
  if (last_.next.size() > 1) {
    auto stored = store_.writes(thread_, last_.id);
    if (!stored) return stored.status();
    for (auto& w : *stored) writes[w.node] = std::move(w.update);
  }
  // Written by an earlier process, perhaps with an older schema: checked like a fresh update.
  for (const auto& [node, update] : writes) {
    Status valid = graph_.schema().validate_update(update);
    if (!valid) return in_node(node, last_.step + 1, valid);
  }
  return writes;
}

Result<bool> Execution::run_step(std::optional<ResumeValue>& resume) {
  const int step = last_.step + 1;
  auto recorded = recorded_writes();
  if (!recorded) return recorded.status();
  std::vector<std::string> to_run;
  for (const auto& node : last_.next) {
    if (!recorded->count(node)) to_run.push_back(node);
  }
  const bool several = last_.next.size() > 1;
  std::vector<NodeResult> results = run_nodes(to_run, step, resume, several);
  resume.reset();
  last_ran_ = to_run;
  // The error of the first failing node by name, so the report does not depend on timing;
  // the writes of the nodes that did finish are already recorded.
  for (std::size_t i = 0; i < to_run.size(); ++i) {
    if (!results[i].error.is_ok()) return in_node(to_run[i], step, results[i].error);
  }
  Writes writes = std::move(*recorded);
  std::optional<std::size_t> asked;
  for (std::size_t i = 0; i < to_run.size(); ++i) {
    if (results[i].interrupt) {
      if (!asked) asked = i;  // the first by name; any other asks again on resume
    } else {
      writes[to_run[i]] = std::move(results[i].update);
    }
  }
  if (asked) {
    OIIS_RETURN_IF_ERROR(
        checkpoint_interrupt(to_run[*asked], std::move(results[*asked]), std::move(writes)));
    return true;
  }
  OIIS_RETURN_IF_ERROR(finish_step(step, writes, several));
  if (!options_.keep_subgraph_threads)
    OIIS_RETURN_IF_ERROR(drop_child_threads(to_run, results, step));
  return false;
}

Status Execution::drop_child_threads(const std::vector<std::string>& nodes,
                                     const std::vector<NodeResult>& results, int step) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!graph_.subgraph(nodes[i]) || results[i].child_checkpoint < 0) continue;
    std::vector<std::int64_t> ids;
    for (std::int64_t id = 0; id <= results[i].child_checkpoint; ++id) ids.push_back(id);
    OIIS_RETURN_IF_ERROR(store_.remove(child_thread_name(thread_, nodes[i], step), ids));
  }
  return Status::ok();
}

std::vector<Execution::NodeResult> Execution::run_nodes(const std::vector<std::string>& nodes,
                                                        int step,
                                                        const std::optional<ResumeValue>& resume,
                                                        bool record) {
  std::vector<NodeResult> results(nodes.size());
  auto job = [&](std::size_t i) {
    std::optional<json> answer;
    if (resume && resume->node == nodes[i]) answer = resume->value;
    results[i] = call_node(nodes[i], step, std::move(answer));
    if (record && results[i].error.is_ok() && !results[i].interrupt) {
      // Stored the moment the node finishes: a sibling failing or the process dying later in
      // the step must not cost this node's work.
      Status put = store_.put_write(thread_, last_.id, PendingWrite{nodes[i], results[i].update});
      if (!put) results[i].error = put;
    }
  };
  if (options_.threads > 1 && nodes.size() > 1) {
    ParallelOptions parallel;
    parallel.threads = options_.threads;
    parallel_for_each_index(nodes.size(), job, parallel);
  } else {
    for (std::size_t i = 0; i < nodes.size(); ++i) job(i);
  }
  return results;
}

Execution::NodeResult Execution::call_node(const std::string& node, int step,
                                           std::optional<json> answer) {
  NodeResult result;
  if (!graph_.has_node(node)) {  // a checkpoint written by another version of the graph
    result.error = failed_precondition(
        "the thread's checkpoint names node '" + node + "', which this graph does not have", node);
    return result;
  }
  emit(EventKind::kNodeStarted, node, step, json());
  result = graph_.subgraph(node) ? call_subgraph(node, step, std::move(answer))
                                 : call_function(node, step, std::move(answer));
  if (result.error.is_ok() && !result.interrupt) {
    emit(EventKind::kNodeFinished, node, step, result.update);
  }
  return result;
}

Execution::NodeResult Execution::call_function(const std::string& node, int step,
                                               std::optional<json> answer) {
  NodeContext ctx{thread_, node, step, std::move(answer), {}};
  if (sink_) {
    ctx.emitter = [this, &node, step](json data) {
      emit(EventKind::kCustom, node, step, std::move(data));
    };
  }
  NodeResult result;
  Result<NodeOutput> out = internal_error("node did not run");
  try {
    out = (*graph_.function(node))(state_, ctx);
  } catch (const std::exception& e) {  // nodes are user code: a throw must not escape the runner
    out = internal_error(std::string("threw: ") + e.what());
  } catch (...) {
    out = internal_error("threw a non-standard exception");
  }
  if (!out) {
    result.error = out.status();
  } else if (out->interrupt) {
    result.interrupt = std::move(out->interrupt);
    result.path = node;
  } else if (Status valid = graph_.schema().validate_update(out->update); !valid) {
    result.error = valid;
  } else {
    result.update = std::move(out->update);
  }
  return result;
}

Execution::NodeResult Execution::call_subgraph(const std::string& node, int step,
                                               std::optional<json> answer) {
  const CompiledGraph& sub = *graph_.subgraph(node);
  Execution child(sub, store_, options_, child_thread_name(thread_, node, step), child_sink(node));
  const State before = project(sub.schema(), state_);
  NodeResult result;
  auto loaded = child.load();
  std::optional<ResumeValue> resume;
  if (!loaded) {
    result.error = loaded.status();
    return result;
  }
  if (!*loaded) {
    result.error = child.start(before);
  } else if (child.last().interrupt && answer) {
    resume = ResumeValue{child.last().interrupt->node, std::move(*answer)};
  } else if (child.last().interrupt) {
    // Still waiting for its human (this call has no answer for it): ask again.
    const Interrupt& waiting = *child.last().interrupt;
    result.interrupt = waiting.payload;
    result.path = node + "/" + waiting.path;
    result.child_checkpoint = child.last().id;
    return result;
  }
  if (!result.error.is_ok()) return result;
  // A child that had finished before a crash returns at once: its nodes do not run again.
  auto run = child.run(std::move(resume));
  if (!run) {
    result.error =
        Status(run.status().code(), "subgraph: " + run.status().message(), run.status().field());
  } else if (run->status == RunStatus::kInterrupted) {
    result.interrupt = run->interrupt->payload;
    result.path = node + "/" + run->interrupt->path;
    result.child_checkpoint = run->checkpoint_id;
  } else {
    result.update = subgraph_update(sub.schema(), before, run->state);
    result.child_checkpoint = run->checkpoint_id;
  }
  return result;
}

Status Execution::check_conflicts(const Writes& writes, int step) const {
  std::map<std::string, std::string> writer;  // replace key -> the node that wrote it
  for (const auto& [node, update] : writes) {
    for (const auto& [key, value] : update.items()) {
      const KeySpec* spec = graph_.schema().find(key);
      if (!spec || spec->reducer != Reducer::kReplace) continue;
      auto [it, first] = writer.emplace(key, node);
      if (!first) {
        return conflict("step " + std::to_string(step) + ": nodes '" + it->second + "' and '" +
                            node + "' both write '" + key +
                            "', whose reducer is replace (give it another reducer or one writer)",
                        key);
      }
    }
  }
  return Status::ok();
}

Status Execution::finish_step(int step, const Writes& writes, bool drop_pending) {
  OIIS_RETURN_IF_ERROR(check_conflicts(writes, step));
  Checkpoint cp;
  cp.step = step;
  for (const auto& [node, update] : writes) graph_.schema().apply(state_, update, cp.delta);
  std::set<std::string> next;
  for (const auto& node : last_.next) {
    auto successors = graph_.successors(node, state_);
    if (!successors) return in_node(node, step, successors.status());
    next.insert(successors->begin(), successors->end());
  }
  cp.next.assign(next.begin(), next.end());
  const std::int64_t base = last_.id;
  OIIS_RETURN_IF_ERROR(put_checkpoint(std::move(cp)));
  // The step's checkpoint now holds what the pending writes held.
  if (drop_pending) OIIS_RETURN_IF_ERROR(store_.remove_writes(thread_, base));
  return Status::ok();
}

Status Execution::checkpoint_interrupt(const std::string& node, NodeResult asked, Writes writes) {
  Checkpoint cp;
  cp.step = last_.step;  // the step did not complete: resuming runs the same step again
  cp.next = last_.next;
  for (auto& [name, update] : writes) cp.writes.push_back(PendingWrite{name, std::move(update)});
  cp.interrupt = Interrupt{node, asked.path, *asked.interrupt, asked.child_checkpoint};
  const bool drop_pending = last_.next.size() > 1;
  const std::int64_t base = last_.id;
  OIIS_RETURN_IF_ERROR(put_checkpoint(std::move(cp)));
  if (drop_pending) OIIS_RETURN_IF_ERROR(store_.remove_writes(thread_, base));
  emit(EventKind::kInterrupt, asked.path, last_.step + 1, *asked.interrupt);
  return Status::ok();
}

void Execution::emit(EventKind kind, const std::string& node, int step, json data) const {
  if (sink_) sink_(Event{kind, thread_, node, step, std::move(data)});
}

Execution::Sink Execution::child_sink(const std::string& node) const {
  if (!sink_) return {};
  // The parent reports the subgraph's interrupt and end itself; the inner node events are
  // passed up under "node/inner" and the parent's thread name.
  return [parent = sink_, prefix = node + "/", thread = thread_](Event event) {
    if (event.kind == EventKind::kDone || event.kind == EventKind::kInterrupt) return;
    event.node = prefix + event.node;
    event.thread = thread;
    parent(std::move(event));
  };
}

}  // namespace oiis::agents::detail
