// Graph definition and compile() checks (agents/graph/graph.h): unknown names, unreachable
// nodes, dead ends, reserved names, subgraph schemas, and routes returning undeclared names.
#include "agents/graph/graph.h"

#include <gtest/gtest.h>

#include "agents/graph/runner.h"

namespace oiis::agents {
namespace {

using nlohmann::json;

StateSchema schema() {
  StateSchema s;
  s.add("messages", ValueType::kArray, Reducer::kAppend).add("route", ValueType::kString);
  return s;
}

NodeFn noop() {
  return [](const State&, NodeContext&) -> Result<NodeOutput> { return NodeOutput{}; };
}

TEST(GraphCompile, AcceptsAWellFormedGraph) {
  Graph g(schema());
  g.add_node("a", noop())
      .add_node("b", noop())
      .add_edge(START, "a")
      .add_edge("a", "b")
      .add_edge("b", END);
  auto compiled = g.compile();
  ASSERT_TRUE(compiled) << compiled.status().to_string();
  EXPECT_TRUE((*compiled)->has_node("a"));
}

TEST(GraphCompile, UnknownNamesAreNamed) {
  Graph g(schema());
  g.add_node("a", noop()).add_edge(START, "a").add_edge("a", "b");
  auto compiled = g.compile();
  EXPECT_EQ(compiled.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(compiled.status().field(), "b");

  Graph from_unknown(schema());
  from_unknown.add_node("a", noop()).add_edge(START, "a").add_edge("a", END).add_edge("ghost", "a");
  EXPECT_EQ(from_unknown.compile().status().field(), "ghost");

  Graph bad_route(schema());
  bad_route.add_node("a", noop())
      .add_edge(START, "a")
      .add_conditional_edges("a",
                             [](const State&) -> Result<std::vector<std::string>> {
                               return std::vector<std::string>{};
                             },
                             {"nowhere", END});
  EXPECT_EQ(bad_route.compile().status().field(), "nowhere");
}

TEST(GraphCompile, UnreachableNodesAndDeadEndsAreRefused) {
  Graph g(schema());
  g.add_node("a", noop())
      .add_node("island", noop())
      .add_edge(START, "a")
      .add_edge("a", END)
      .add_edge("island", END);
  auto compiled = g.compile();
  EXPECT_EQ(compiled.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(compiled.status().field(), "island");
  EXPECT_NE(compiled.status().message().find("unreachable"), std::string::npos);

  Graph dead_end(schema());
  dead_end.add_node("a", noop()).add_edge(START, "a");
  EXPECT_EQ(dead_end.compile().status().field(), "a");

  Graph no_start(schema());
  no_start.add_node("a", noop()).add_edge("a", END);
  EXPECT_EQ(no_start.compile().status().field(), START);
}

TEST(GraphCompile, DefinitionErrorsSurfaceAtCompile) {
  Graph twice(schema());
  twice.add_node("a", noop()).add_node("a", noop()).add_edge(START, "a").add_edge("a", END);
  EXPECT_EQ(twice.compile().status().code(), ErrorCode::kAlreadyExists);
  Graph reserved(schema());
  reserved.add_node(END, noop());
  EXPECT_FALSE(reserved.compile().is_ok());
  Graph slash(schema());
  slash.add_node("a/b", noop());
  EXPECT_FALSE(slash.compile().is_ok());
  StateSchema broken;
  broken.add("x", ValueType::kString, Reducer::kSum);
  Graph bad_schema(broken);
  bad_schema.add_node("a", noop()).add_edge(START, "a").add_edge("a", END);
  EXPECT_EQ(bad_schema.compile().status().field(), "x");
}

TEST(GraphCompile, SubgraphKeysMustBeASubsetOfTheParents) {
  StateSchema inner;
  inner.add("messages", ValueType::kArray, Reducer::kAppend).add("secret", ValueType::kString);
  Graph sub(inner);
  sub.add_node("x", noop()).add_edge(START, "x").add_edge("x", END);
  auto compiled_sub = sub.compile();
  ASSERT_TRUE(compiled_sub);
  Graph parent(schema());
  parent.add_subgraph("s", *compiled_sub).add_edge(START, "s").add_edge("s", END);
  auto compiled = parent.compile();
  EXPECT_EQ(compiled.status().field(), "secret");
  EXPECT_NE(compiled.status().message().find("subgraph node 's'"), std::string::npos);
}

TEST(GraphRun, ARouteReturningAnUndeclaredNameIsAnError) {
  Graph g(schema());
  g.add_node("a", noop())
      .add_node("b", noop())
      .add_edge(START, "a")
      .add_edge("b", END)
      .add_conditional_edges("a",
                             [](const State&) -> Result<std::vector<std::string>> {
                               return std::vector<std::string>{"c"};
                             },
                             {"b", END});
  auto compiled = g.compile();
  ASSERT_TRUE(compiled);
  MemoryCheckpointStore store;
  Runner runner(*compiled, store);
  auto run = runner.invoke("t", json::object());
  EXPECT_EQ(run.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(run.status().message().find("'c'"), std::string::npos);
}

}  // namespace
}  // namespace oiis::agents
