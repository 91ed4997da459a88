#include "agents/graph/graph.h"

#include <algorithm>
#include <deque>

namespace oiis::agents {

const char* event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::kNodeStarted:
      return "node_started";
    case EventKind::kNodeFinished:
      return "node_finished";
    case EventKind::kCustom:
      return "custom";
    case EventKind::kInterrupt:
      return "interrupt";
    case EventKind::kDone:
      return "done";
  }
  return "?";
}

void NodeContext::emit(nlohmann::json data) const {
  if (emitter) emitter(std::move(data));
}

void Graph::fail(Status status) {
  if (status_.is_ok()) status_ = std::move(status);  // the first error is the useful one
}

Graph& Graph::add_node(const std::string& name, NodeFn fn) {
  if (name.empty() || name == START || name == END || name.find('/') != std::string::npos) {
    fail(invalid_argument("node name '" + name + "' is empty, reserved or holds '/'", name));
  } else if (nodes_.count(name)) {
    fail(already_exists("node '" + name + "' is added twice", name));
  } else if (!fn) {
    fail(invalid_argument("node '" + name + "' has no function", name));
  } else {
    nodes_[name] = Node{std::move(fn), nullptr};
  }
  return *this;
}

Graph& Graph::add_subgraph(const std::string& name, std::shared_ptr<const CompiledGraph> subgraph) {
  if (!subgraph) {
    fail(invalid_argument("subgraph node '" + name + "' has no graph", name));
    return *this;
  }
  // The function is a placeholder: the runner recognises subgraph nodes and runs them itself,
  // because resuming one needs the store and the run's options.
  add_node(name, [](const State&, NodeContext&) -> Result<NodeOutput> {
    return internal_error("subgraph node called as a function");
  });
  if (auto it = nodes_.find(name); it != nodes_.end() && !it->second.subgraph) {
    it->second.subgraph = std::move(subgraph);
  }
  return *this;
}

Graph& Graph::add_edge(const std::string& from, const std::string& to) {
  edges_[from].insert(to);
  return *this;
}

Graph& Graph::add_conditional_edges(const std::string& from, RouteFn route,
                                    std::vector<std::string> targets) {
  if (!route || targets.empty()) {
    fail(invalid_argument("conditional edges from '" + from + "' need a route and its targets",
                          from));
  } else if (routes_.count(from)) {
    fail(already_exists("node '" + from + "' has two routes; combine them in one", from));
  } else {
    routes_[from] = Route{std::move(route), std::move(targets)};
  }
  return *this;
}

Status Graph::check_names() const {
  auto check_from = [&](const std::string& from) -> Status {
    if (from == END) return invalid_argument("no edge may leave END", from);
    if (from != START && !nodes_.count(from)) {
      return not_found("edge from unknown node '" + from + "'", from);
    }
    return Status::ok();
  };
  for (const auto& [from, tos] : edges_) {
    OIIS_RETURN_IF_ERROR(check_from(from));
    for (const auto& to : tos) {
      if (!known(to)) return not_found("edge from '" + from + "' to unknown node '" + to + "'", to);
    }
  }
  for (const auto& [from, route] : routes_) {
    OIIS_RETURN_IF_ERROR(check_from(from));
    for (const auto& to : route.targets) {
      if (!known(to))
        return not_found("route from '" + from + "' to unknown node '" + to + "'", to);
    }
  }
  return Status::ok();
}

Status Graph::check_reachable() const {
  if (!edges_.count(START) && !routes_.count(START)) {
    return failed_precondition("the graph has no edge from START", START);
  }
  std::set<std::string> seen{START};
  std::deque<std::string> queue{START};
  auto visit = [&](const std::string& to) {
    if (to != END && seen.insert(to).second) queue.push_back(to);
  };
  while (!queue.empty()) {
    const std::string at = queue.front();
    queue.pop_front();
    if (auto it = edges_.find(at); it != edges_.end())
      for (const auto& to : it->second) visit(to);
    if (auto it = routes_.find(at); it != routes_.end())
      for (const auto& to : it->second.targets) visit(to);
  }
  for (const auto& [name, node] : nodes_) {
    if (!seen.count(name))
      return failed_precondition("node '" + name + "' is unreachable from START", name);
    if (!edges_.count(name) && !routes_.count(name)) {
      return failed_precondition("node '" + name + "' has no outgoing edge (add one to END)", name);
    }
  }
  return Status::ok();
}

Result<std::shared_ptr<const CompiledGraph>> Graph::compile() const {
  OIIS_RETURN_IF_ERROR(schema_.status());
  OIIS_RETURN_IF_ERROR(status_);
  OIIS_RETURN_IF_ERROR(check_names());
  OIIS_RETURN_IF_ERROR(check_reachable());
  for (const auto& [name, node] : nodes_) {
    if (!node.subgraph) continue;
    Status subset = node.subgraph->schema().check_subset_of(schema_);
    if (!subset) {
      return Status(subset.code(), "subgraph node '" + name + "': " + subset.message(),
                    subset.field());
    }
  }
  auto compiled = std::shared_ptr<CompiledGraph>(new CompiledGraph());
  compiled->schema_ = schema_;
  compiled->nodes_ = nodes_;
  compiled->edges_ = edges_;
  compiled->routes_ = routes_;
  return std::shared_ptr<const CompiledGraph>(std::move(compiled));
}

const CompiledGraph* CompiledGraph::subgraph(const std::string& node) const {
  auto it = nodes_.find(node);
  return it == nodes_.end() ? nullptr : it->second.subgraph.get();
}

const NodeFn* CompiledGraph::function(const std::string& node) const {
  auto it = nodes_.find(node);
  return it == nodes_.end() ? nullptr : &it->second.fn;
}

Result<std::vector<std::string>> CompiledGraph::successors(const std::string& from,
                                                           const State& state) const {
  std::set<std::string> next;
  if (auto it = edges_.find(from); it != edges_.end())
    next.insert(it->second.begin(), it->second.end());
  if (auto it = routes_.find(from); it != routes_.end()) {
    auto call_route = [&]() -> Result<std::vector<std::string>> {
      try {
        return it->second.fn(state);
      } catch (const std::exception& e) {  // a route is user code: its throw must not escape
        return internal_error("route from '" + from + "' threw: " + e.what());
      }
    };
    auto chosen = call_route();
    if (!chosen) return chosen.status();
    for (const auto& to : *chosen) {
      const auto& allowed = it->second.targets;
      if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
        return invalid_argument("route from '" + from + "' returned '" + to +
                                    "', which is not among its declared targets",
                                from);
      }
      next.insert(to);
    }
  }
  next.erase(END);
  return std::vector<std::string>(next.begin(), next.end());
}

}  // namespace oiis::agents
