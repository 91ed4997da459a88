// A state graph: nodes that read the state and return a partial update, static edges,
// conditional edges (a route function of the state naming one next node, or several for a
// parallel fan-out), cycles, and subgraphs (a node running another compiled graph on the
// parent's state). Graph collects the definition; compile() checks it and freezes it into a
// CompiledGraph, which a Runner executes (runner.h).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agents/graph/state.h"
#include "common/status.h"

namespace oiis::agents {

inline const std::string START = "__start__";
inline const std::string END = "__end__";

// What a node returns: a partial update of the state and, to stop for a human, an interrupt
// payload. A node that interrupts writes nothing (its update is dropped): it is called again
// on resume with ctx.resume set, and returns its real update then.
struct NodeOutput {
  nlohmann::json update = nlohmann::json::object();
  std::optional<nlohmann::json> interrupt;

  static NodeOutput write(nlohmann::json update) { return NodeOutput{std::move(update), {}}; }
  static NodeOutput ask(nlohmann::json payload) { return NodeOutput{{}, std::move(payload)}; }
};

enum class EventKind {
  kNodeStarted,   // data: null
  kNodeFinished,  // data: the node's update
  kCustom,        // data: what the node passed to ctx.emit (e.g. answer tokens)
  kInterrupt,     // data: the interrupt payload
  kDone,          // data: {"checkpoint": id, "state": final state}
};
const char* event_kind_name(EventKind kind);

struct Event {
  EventKind kind;
  std::string thread;
  std::string node;  // "sub/inner" for a node inside subgraph node "sub"; empty for kDone
  int step = 0;
  nlohmann::json data;
};

// Called for every event, one call at a time (from worker threads when the runner has them).
using EventSink = std::function<void(const Event&)>;

// What a node knows about its call besides the state.
struct NodeContext {
  std::string thread;
  std::string node;
  int step = 0;
  // Set when the run resumes an interrupt this node raised: the human's answer. A node with a
  // side effect that needs approval does that effect only once it holds this value, so that
  // the call which raised the interrupt changed nothing.
  std::optional<nlohmann::json> resume;

  // Sends a custom event to the run's event sink (a no-op without one).
  void emit(nlohmann::json data) const;

  // Set by the runner.
  std::function<void(nlohmann::json)> emitter;
};

using NodeFn = std::function<Result<NodeOutput>(const State&, NodeContext&)>;
// Names the next node(s) from the state after the step; END or an empty list ends the branch.
using RouteFn = std::function<Result<std::vector<std::string>>(const State&)>;

class CompiledGraph;

class Graph {
 public:
  explicit Graph(StateSchema schema) : schema_(std::move(schema)) {}

  // Definition errors (a duplicate or reserved name, ...) are remembered and reported by
  // compile(), so that the calls can be chained.
  Graph& add_node(const std::string& name, NodeFn fn);
  // A node that runs `subgraph` on this graph's state (its keys must be a subset of ours, with
  // the same types and reducers) and writes back what the subgraph changed.
  Graph& add_subgraph(const std::string& name, std::shared_ptr<const CompiledGraph> subgraph);
  Graph& add_edge(const std::string& from, const std::string& to);
  // `targets` lists every name the route may return (END included if it may end): compile()
  // checks them and reachability through them, and a route returning another name is an error.
  Graph& add_conditional_edges(const std::string& from, RouteFn route,
                               std::vector<std::string> targets);

  // Checks every name, that START has an edge, that each node has a way out and is reachable
  // from START, and subgraph schemas.
  Result<std::shared_ptr<const CompiledGraph>> compile() const;

 private:
  friend class CompiledGraph;
  struct Node {
    NodeFn fn;
    std::shared_ptr<const CompiledGraph> subgraph;
  };
  struct Route {
    RouteFn fn;
    std::vector<std::string> targets;
  };
  void fail(Status status);
  bool known(const std::string& name) const { return name == END || nodes_.count(name) > 0; }
  Status check_names() const;
  Status check_reachable() const;

  StateSchema schema_;
  std::map<std::string, Node> nodes_;
  std::map<std::string, std::set<std::string>> edges_;
  std::map<std::string, Route> routes_;
  Status status_;
};

class CompiledGraph {
 public:
  const StateSchema& schema() const { return schema_; }
  bool has_node(const std::string& name) const { return nodes_.count(name) > 0; }
  // Null for a function node.
  const CompiledGraph* subgraph(const std::string& node) const;
  const NodeFn* function(const std::string& node) const;
  // The nodes that follow `from` given the state after its step, END left out, sorted.
  Result<std::vector<std::string>> successors(const std::string& from, const State& state) const;

 private:
  friend class Graph;
  StateSchema schema_;
  std::map<std::string, Graph::Node> nodes_;
  std::map<std::string, std::set<std::string>> edges_;
  std::map<std::string, Graph::Route> routes_;
};

}  // namespace oiis::agents
