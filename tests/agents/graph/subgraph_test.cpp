// Subgraphs beyond one level (agents/graph/runner.h): an interrupt two subgraphs deep resumes
// every level where it stopped, a subgraph whose node failed continues without re-running its
// finished nodes, and a subgraph called twice in a cycle starts afresh each time.
#include <gtest/gtest.h>

#include "agents/graph/graph_fixtures.h"

#include <atomic>

#include "agents/graph/runner.h"

namespace oiis::agents {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;
using graph_fixtures::compiled;
using graph_fixtures::counted_say;

StateSchema subgraph_schema() {
  StateSchema s;
  s.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("approved", ValueType::kBoolean)
      .add("rounds", ValueType::kInteger, Reducer::kSum);
  return s;
}

struct Nested {
  std::atomic<int> top{0}, middle{0}, deep_prep{0}, asks{0}, effects{0}, middle_done{0};
  std::shared_ptr<const CompiledGraph> build() {
    Graph deep(subgraph_schema());
    deep.add_node("prep", counted_say("deep prep", deep_prep))
        .add_node("approve",
                  [this](const State&, NodeContext& ctx) -> Result<NodeOutput> {
                    ++asks;
                    if (!ctx.resume) return NodeOutput::ask({{"question", "pay invoice 7?"}});
                    if (ctx.resume->get<bool>()) ++effects;
                    return NodeOutput::write({{"approved", ctx.resume->get<bool>()}});
                  })
        .add_edge(START, "prep")
        .add_edge("prep", "approve")
        .add_edge("approve", END);
    Graph mid(subgraph_schema());
    mid.add_node("prep", counted_say("middle prep", middle))
        .add_subgraph("deep", compiled(deep))
        .add_node("done", counted_say("middle done", middle_done))
        .add_edge(START, "prep")
        .add_edge("prep", "deep")
        .add_edge("deep", "done")
        .add_edge("done", END);
    Graph parent(subgraph_schema());
    parent.add_node("start", counted_say("top", top))
        .add_subgraph("mid", compiled(mid))
        .add_edge(START, "start")
        .add_edge("start", "mid")
        .add_edge("mid", END);
    return compiled(parent);
  }
};

TEST(Subgraph, AnInterruptTwoLevelsDownResumesEveryLevelWhereItStopped) {
  Nested world;
  MemoryCheckpointStore store;
  auto run = Runner(world.build(), store).invoke("t", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  ASSERT_EQ(run->status, RunStatus::kInterrupted);
  EXPECT_EQ(run->interrupt->path, "mid/deep/approve");
  EXPECT_EQ(run->interrupt->payload["question"], "pay invoice 7?");

  auto done = Runner(world.build(), store).resume("t", true);
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(done->status, RunStatus::kDone);
  EXPECT_EQ(world.top.load(), 1);
  EXPECT_EQ(world.middle.load(), 1);
  EXPECT_EQ(world.deep_prep.load(), 1);
  EXPECT_EQ(world.asks.load(), 2);
  EXPECT_EQ(world.effects.load(), 1);
  EXPECT_EQ(world.middle_done.load(), 1);
  EXPECT_EQ(done->state["messages"], json({"top", "middle prep", "deep prep", "middle done"}));
  EXPECT_EQ(done->state["approved"], true);
}

TEST(Subgraph, AFailedSubgraphContinuesWithoutReRunningItsFinishedNodes) {
  std::atomic<int> sibling{0}, flaky{0}, after{0};
  std::atomic<bool> fail{true};
  Graph inner(subgraph_schema());
  inner.add_node("a_sibling", counted_say("sibling", sibling))
      .add_node("b_flaky",
                [&](const State&, NodeContext&) -> Result<NodeOutput> {
                  ++flaky;
                  if (fail) return unavailable("timeout");
                  return NodeOutput::write({{"messages", {"flaky"}}});
                })
      .add_edge(START, "a_sibling")
      .add_edge(START, "b_flaky")
      .add_edge("a_sibling", END)
      .add_edge("b_flaky", END);
  Graph parent(subgraph_schema());
  parent.add_subgraph("work", compiled(inner))
      .add_node("after", counted_say("after", after))
      .add_edge(START, "work")
      .add_edge("work", "after")
      .add_edge("after", END);
  MemoryCheckpointStore store;
  auto graph = compiled(parent);
  auto run = Runner(graph, store).invoke("t", json::object());
  EXPECT_EQ(run.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(run.status().message().find("node 'work'"), std::string::npos);
  EXPECT_NE(run.status().message().find("node 'b_flaky'"), std::string::npos);
  fail = false;
  auto done = Runner(graph, store).continue_thread("t");
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(sibling.load(), 1);
  EXPECT_EQ(flaky.load(), 2);
  EXPECT_EQ(after.load(), 1);
  EXPECT_EQ(done->state["messages"], json({"sibling", "flaky", "after"}));
}

TEST(Subgraph, ASubgraphInACycleStartsAfreshOnEachCall) {
  std::atomic<int> inner_calls{0};
  Graph inner(subgraph_schema());
  inner
      .add_node("work",
                [&](const State&, NodeContext&) -> Result<NodeOutput> {
                  ++inner_calls;
                  return NodeOutput::write({{"messages", {"worked"}}, {"rounds", 1}});
                })
      .add_edge(START, "work")
      .add_edge("work", END);
  Graph parent(subgraph_schema());
  parent.add_subgraph("sub", compiled(inner))
      .add_edge(START, "sub")
      .add_conditional_edges(
          "sub",
          [](const State& s) -> Result<Names> { return Names{s["rounds"] < 3 ? "sub" : END}; },
          {"sub", END});
  MemoryCheckpointStore store;
  Runner runner(compiled(parent), store);
  auto run = runner.invoke("t", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(inner_calls.load(), 3);
  EXPECT_EQ(run->state["rounds"], 3);
  EXPECT_EQ(run->state["messages"], json({"worked", "worked", "worked"}));
  // Each call kept its own checkpoints, in a thread named after the parent's step.
  EXPECT_EQ(store.list("t/sub#0")->size(), 2u);
  EXPECT_EQ(store.list("t/sub#2")->size(), 2u);

  // Without keeping them, each finished call's thread goes once the parent has its result.
  RunnerOptions options;
  options.keep_subgraph_threads = false;
  Runner dropping(compiled(parent), store, options);
  auto again = dropping.invoke("u", json::object());
  ASSERT_TRUE(again) << again.status().to_string();
  EXPECT_EQ(again->state, run->state);
  for (const char* child : {"u/sub#0", "u/sub#1", "u/sub#2"}) {
    EXPECT_TRUE(store.list(child)->empty()) << child;
  }
}

TEST(Subgraph, DroppingSubgraphThreadsKeepsAnInterruptedOneUntilItFinishes) {
  Nested world;
  MemoryCheckpointStore store;
  RunnerOptions options;
  options.keep_subgraph_threads = false;
  auto run = Runner(world.build(), store, options).invoke("t", json::object());
  ASSERT_EQ(run->status, RunStatus::kInterrupted);
  EXPECT_FALSE(store.list("t/mid#1")->empty());
  EXPECT_FALSE(store.list("t/mid#1/deep#1")->empty());
  auto done = Runner(world.build(), store, options).resume("t", true);
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(world.deep_prep.load(), 1);
  EXPECT_TRUE(store.list("t/mid#1")->empty());
  EXPECT_TRUE(store.list("t/mid#1/deep#1")->empty());
}

}  // namespace
}  // namespace oiis::agents
