#include "agents/graph/runner.h"

#include <mutex>

#include "agents/graph/execution.h"

namespace oiis::agents {

using nlohmann::json;

namespace detail {

json subgraph_update(const StateSchema& schema, const State& before, const State& after) {
  json update = json::object();
  for (const auto& [key, spec] : schema.keys()) {
    auto was = before.find(key);
    auto now = after.find(key);
    if (now == after.end()) continue;
    const bool had = was != before.end();
    if (spec.reducer == Reducer::kAppend) {
      // The subgraph can only append to this key, so what it added is the tail past the old size.
      const std::size_t from = had && was->is_array() ? was->size() : 0;
      if (now->size() <= from) continue;
      json& added = update[key] = json::array();
      for (std::size_t i = from; i < now->size(); ++i) added.push_back((*now)[i]);
    } else if (had && *was == *now) {
      continue;
    } else if (spec.reducer == Reducer::kSum) {
      if (now->is_number_integer() && (!had || was->is_number_integer())) {
        update[key] = now->get<std::int64_t>() - (had ? was->get<std::int64_t>() : 0);
      } else {
        update[key] = now->get<double>() - (had && was->is_number() ? was->get<double>() : 0.0);
      }
    } else {
      update[key] = *now;  // replace, or merge (whose new value holds the old keys too)
    }
  }
  return update;
}

namespace {

Result<Checkpoint> find_checkpoint(const std::vector<Checkpoint>& cps, std::int64_t id) {
  for (const auto& cp : cps) {
    if (cp.id == id) return cp;
  }
  return not_found("no checkpoint " + std::to_string(id) + " in this thread", "checkpoint_id");
}

}  // namespace

Status fork_thread(const CompiledGraph& graph, CheckpointStore& store, const std::string& thread,
                   std::int64_t checkpoint_id, const std::string& new_thread, const json& update) {
  auto taken = store.list(new_thread);
  if (!taken) return taken.status();
  if (!taken->empty()) return already_exists("thread '" + new_thread + "' exists", "new_thread");
  auto cps = store.list(thread);
  if (!cps) return cps.status();
  auto source = find_checkpoint(*cps, checkpoint_id);
  if (!source) return source.status();
  auto state = rebuild_state(*cps, checkpoint_id);
  if (!state) return state.status();
  Checkpoint first;
  first.id = 0;
  first.step = source->step;
  first.full = true;
  first.next = source->next;
  first.writes = source->writes;
  first.interrupt = source->interrupt;
  first.forked_from = thread + "#" + std::to_string(checkpoint_id);
  auto pending = store.writes(thread, checkpoint_id);  // a fork of a crashed step keeps them
  if (!pending) return pending.status();
  for (auto& w : *pending) first.writes.push_back(std::move(w));
  if (!update.empty()) {
    OIIS_RETURN_IF_ERROR(graph.schema().validate_update(update));
    StateDelta ignored;
    graph.schema().apply(*state, update, ignored);
  }
  first.values = std::move(*state);
  // An interrupted subgraph keeps its progress in a thread of its own: fork that too, at the
  // checkpoint where it stopped, so that resuming the fork resumes the subgraph.
  const Interrupt* asked = first.interrupt ? &*first.interrupt : nullptr;
  const CompiledGraph* sub = asked ? graph.subgraph(asked->node) : nullptr;
  if (sub && asked->child_checkpoint >= 0) {
    const int step = source->step + 1;
    OIIS_RETURN_IF_ERROR(fork_thread(
        *sub, store, child_thread_name(thread, asked->node, step), asked->child_checkpoint,
        child_thread_name(new_thread, asked->node, step), json::object()));
    first.interrupt->child_checkpoint = 0;
  }
  return store.put(new_thread, first);
}

}  // namespace detail

namespace {

// The user's sink is called one event at a time even when a step's nodes run on workers. A
// sink that throws (a closed SSE connection) loses that event; the run and its checkpoints go
// on, since the client can read the thread's state afterwards.
detail::Execution::Sink serialised_sink(const EventSink& user) {
  if (!user) return {};
  auto mutex = std::make_shared<std::mutex>();
  return [mutex, user](Event event) {
    std::lock_guard lock(*mutex);
    try {
      user(event);
    } catch (...) {
    }
  };
}

}  // namespace

Runner::Runner(std::shared_ptr<const CompiledGraph> graph, CheckpointStore& store,
               RunnerOptions options)
    : graph_(std::move(graph)), store_(store), options_(std::move(options)) {}

Result<RunResult> Runner::invoke(const std::string& thread, const json& input) {
  OIIS_RETURN_IF_ERROR(graph_->schema().validate_update(input));
  detail::Execution run(*graph_, store_, options_, thread, serialised_sink(options_.on_event));
  auto loaded = run.load();
  if (!loaded) return loaded.status();
  if (*loaded && run.last().interrupt) {
    return failed_precondition("thread '" + thread +
                                   "' waits for an answer to its interrupt "
                                   "(resume it)",
                               "thread");
  }
  if (*loaded && !run.last().next.empty()) {
    return failed_precondition("thread '" + thread +
                                   "' has an unfinished step "
                                   "(continue_thread)",
                               "thread");
  }
  OIIS_RETURN_IF_ERROR(run.start(input));
  return run.run(std::nullopt);
}

Result<RunResult> Runner::resume(const std::string& thread, json value) {
  detail::Execution run(*graph_, store_, options_, thread, serialised_sink(options_.on_event));
  auto loaded = run.load();
  if (!loaded) return loaded.status();
  if (!*loaded) return not_found("no thread '" + thread + "'", "thread");
  if (!run.last().interrupt) {
    return failed_precondition("thread '" + thread + "' has no pending interrupt", "thread");
  }
  return run.run(detail::ResumeValue{run.last().interrupt->node, std::move(value)});
}

Result<RunResult> Runner::continue_thread(const std::string& thread) {
  detail::Execution run(*graph_, store_, options_, thread, serialised_sink(options_.on_event));
  auto loaded = run.load();
  if (!loaded) return loaded.status();
  if (!*loaded) return not_found("no thread '" + thread + "'", "thread");
  if (run.last().interrupt) {
    return failed_precondition("thread '" + thread +
                                   "' waits for an answer to its interrupt "
                                   "(resume it)",
                               "thread");
  }
  return run.run(std::nullopt);
}

Result<State> Runner::state(const std::string& thread) const {
  auto point = read_point(store_, thread, -1, options_.full_snapshot_every);
  if (!point) return point.status();
  if (!*point) return not_found("no thread '" + thread + "'", "thread");
  return std::move((*point)->state);
}

Result<State> Runner::state_at(const std::string& thread, std::int64_t checkpoint_id) const {
  if (checkpoint_id < 0) return not_found("checkpoint ids start at 0", "checkpoint_id");
  auto point = read_point(store_, thread, checkpoint_id, options_.full_snapshot_every);
  if (!point) return point.status();
  if (!*point) return not_found("no thread '" + thread + "'", "thread");
  return std::move((*point)->state);
}

Result<std::vector<Checkpoint>> Runner::history(const std::string& thread) const {
  return store_.list(thread);
}

Status Runner::fork(const std::string& thread, std::int64_t checkpoint_id,
                    const std::string& new_thread, const json& update) {
  return detail::fork_thread(*graph_, store_, thread, checkpoint_id, new_thread, update);
}

Result<std::size_t> Runner::compact(const std::string& thread, int keep_last) {
  return agents::compact(store_, thread, keep_last);
}

}  // namespace oiis::agents
