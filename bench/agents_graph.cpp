// Orchestration overhead of the agents state-graph engine (src/agents/graph) with the
// MemoryCheckpointStore: nodes do nothing but a small write, so what is timed is the runner
// (snapshot, validation, merge, routing, checkpoint serialisation, pending writes). Prints
// p50 / p99 / max per node and the checkpoint bytes stored. Per-step time is taken between
// the first node calls of consecutive steps and divided by the step's node count.
//   bench/agents_graph.sh [threads (200)] [steps per thread (100)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "agents/graph/runner.h"

namespace {

using namespace oiis::agents;
using nlohmann::json;
using oiis::Result;
using Clock = std::chrono::steady_clock;
using Names = std::vector<std::string>;

struct Timeline {
  // thread -> step -> (first call time, nodes called)
  std::map<std::string, std::map<int, std::pair<Clock::time_point, int>>> steps;
  void mark(const NodeContext& ctx) {
    auto [it, fresh] = steps[ctx.thread].try_emplace(ctx.step, Clock::now(), 0);
    ++it->second.second;
  }
  std::vector<double> per_node_ns() const {
    std::vector<double> out;
    for (const auto& [thread, by_step] : steps) {
      for (auto it = by_step.begin(); std::next(it) != by_step.end(); ++it) {
        const auto span = std::next(it)->second.first - it->second.first;
        const double ns = std::chrono::duration<double, std::nano>(span).count();
        for (int i = 0; i < it->second.second; ++i) out.push_back(ns / it->second.second);
      }
    }
    return out;
  }
};

void report(const char* what, std::vector<double> ns, std::size_t bytes, std::size_t checkpoints) {
  std::sort(ns.begin(), ns.end());
  auto at = [&](double q) { return ns[static_cast<std::size_t>(q * (ns.size() - 1))]; };
  std::printf(
      "%-34s %7zu nodes  p50 %6.1f us  p99 %6.1f us  max %7.1f us  | %zu checkpoints, "
      "%.2f MB (%.0f B each)\n",
      what, ns.size(), at(0.5) / 1e3, at(0.99) / 1e3, ns.back() / 1e3, checkpoints, bytes / 1e6,
      checkpoints ? double(bytes) / checkpoints : 0.0);
}

StateSchema schema() {
  StateSchema s;
  s.add("count", ValueType::kInteger, Reducer::kSum)
      .add("limit", ValueType::kInteger)
      .add("last", ValueType::kString)
      .add("messages", ValueType::kArray, Reducer::kAppend);
  return s;
}

Result<Names> loop_route(const State& s, const std::string& again) {
  return Names{s["count"] < s["limit"] ? again : END};
}

// One trivial node in a cycle: one node per step.
std::shared_ptr<const CompiledGraph> cycle(Timeline& timeline, bool with_message) {
  Graph g(schema());
  g.add_node(
       "tick",
       [&timeline, with_message](const State& s, NodeContext& ctx) -> Result<NodeOutput> {
         timeline.mark(ctx);
         json update = {{"count", 1}, {"last", "tick"}};
         if (with_message) {
           update["messages"] = {
               {{"role", "assistant"}, {"step", s["count"]}, {"text", std::string(170, 'x')}}};
         }
         return NodeOutput::write(std::move(update));
       })
      .add_edge(START, "tick")
      .add_conditional_edges("tick", [](const State& s) { return loop_route(s, "tick"); },
                             {"tick", END});
  return *g.compile();
}

// A hub fanning out to four trivial workers that all lead back to it.
std::shared_ptr<const CompiledGraph> fan_out(Timeline& timeline) {
  Graph g(schema());
  g.add_node("hub", [&timeline](const State&, NodeContext& ctx) -> Result<NodeOutput> {
    timeline.mark(ctx);
    return NodeOutput::write({{"count", 1}});
  });
  Names workers = {"w1", "w2", "w3", "w4"};
  for (const auto& w : workers) {
    g.add_node(w, [&timeline](const State&, NodeContext& ctx) -> Result<NodeOutput> {
       timeline.mark(ctx);
       return NodeOutput::write({{"messages", {ctx.node}}});
     }).add_edge(w, "hub");
  }
  Names targets = workers;
  targets.push_back(END);
  g.add_edge(START, "hub")
      .add_conditional_edges(
          "hub",
          [workers](const State& s) -> Result<Names> {
            return s["count"] < s["limit"] ? workers : Names{END};
          },
          targets);
  return *g.compile();
}

int run(const char* what, std::shared_ptr<const CompiledGraph> graph, Timeline& timeline,
        int threads, int steps) {
  MemoryCheckpointStore store;
  RunnerOptions options;
  options.max_steps = 2 * steps + 10;
  Runner runner(std::move(graph), store, options);
  std::size_t bytes = 0, checkpoints = 0;
  const auto started = Clock::now();
  for (int t = 0; t < threads; ++t) {
    const std::string thread = "bench-" + std::to_string(t);
    auto result = runner.invoke(thread, {{"limit", steps}});
    if (!result) return std::fprintf(stderr, "%s\n", result.status().to_string().c_str()), 1;
    bytes += store.stored_bytes(thread);
    checkpoints += static_cast<std::size_t>(result->checkpoint_id + 1);
  }
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();
  auto per_node = timeline.per_node_ns();
  report(what, per_node, bytes, checkpoints);
  std::printf("%-34s wall %.3f s for %d threads (mean %.1f us per node incl. thread start)\n", "",
              wall, threads, wall * 1e6 / std::max<std::size_t>(1, per_node.size()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::stoi(argv[1]) : 200;
  const int steps = argc > 2 ? std::stoi(argv[2]) : 100;
  int rc = 0;
  {
    Timeline timeline;
    rc |= run("cycle, 1 trivial node per step", cycle(timeline, false), timeline, threads, steps);
  }
  {
    Timeline timeline;
    rc |= run("hub + 4 workers (fan-out/fan-in)", fan_out(timeline), timeline, threads, steps);
  }
  {
    // The storage bar's shape: one thread of 1,000 steps appending a ~200-byte message each.
    Timeline timeline;
    rc |= run("1,000 steps appending 200 B", cycle(timeline, true), timeline, 1, 1000);
  }
  return rc;
}
