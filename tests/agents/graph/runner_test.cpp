// The superstep runner (agents/graph/runner.h): cycles, fan-out and fan-in, the replace
// conflict, the merge order by node name (not completion order), the step limit, node errors
// and throws, streaming events and a conversation's next turn.
#include "agents/graph/runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace oiis::agents {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

StateSchema runner_schema() {
  StateSchema s;
  s.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("answer", ValueType::kString)
      .add("count", ValueType::kInteger, Reducer::kSum)
      .add("seen", ValueType::kObject, Reducer::kMerge)
      .add("score", ValueType::kNumber);
  return s;
}

// A node appending its name to messages, counting its calls.
NodeFn say(const std::string& name, std::atomic<int>* calls = nullptr) {
  return [name, calls](const State&, NodeContext&) -> Result<NodeOutput> {
    if (calls) ++*calls;
    return NodeOutput::write({{"messages", {name}}});
  };
}

std::shared_ptr<const CompiledGraph> runner_compiled(const Graph& g) {
  auto c = g.compile();
  EXPECT_TRUE(c) << c.status().to_string();
  return c ? *c : nullptr;
}

TEST(Runner, RunsACycleUntilTheRouteEndsIt) {
  Graph g(runner_schema());
  g.add_node(
       "agent",
       [](const State& s, NodeContext&) -> Result<NodeOutput> {
         return NodeOutput::write(
             {{"count", 1}, {"messages", {"agent " + std::to_string(s["count"].get<int>())}}});
       })
      .add_node("tool", say("tool"))
      .add_edge(START, "agent")
      .add_conditional_edges(
          "agent",
          [](const State& s) -> Result<Names> { return Names{s["count"] < 3 ? "tool" : END}; },
          {"tool", END})
      .add_edge("tool", "agent");
  MemoryCheckpointStore store;
  Runner runner(runner_compiled(g), store);
  auto run = runner.invoke("t", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(run->status, RunStatus::kDone);
  EXPECT_EQ(run->state["count"], 3);
  EXPECT_EQ(run->state["messages"], json({"agent 0", "tool", "agent 1", "tool", "agent 2"}));
  EXPECT_EQ(run->steps, 5);
  auto history = runner.history("t");
  ASSERT_EQ(history->size(), 6u);  // the input and one per step
  EXPECT_TRUE(history->back().next.empty());
  EXPECT_EQ(*runner.state("t"), run->state);
}

TEST(Runner, FanOutRunsBranchesOnOneSnapshotAndFanInRunsOnce) {
  std::atomic<int> joins{0};
  Graph g(runner_schema());
  auto reader = [](const std::string& name) {
    return [name](const State& s, NodeContext&) -> Result<NodeOutput> {
      // Both branches see the state before their step, not each other's writes.
      return NodeOutput::write({{"seen", {{name, s["messages"].size()}}}, {"messages", {name}}});
    };
  };
  g.add_node("plan", say("plan"))
      .add_node("stock", reader("stock"))
      .add_node("price", reader("price"))
      .add_node("join", say("join", &joins))
      .add_edge(START, "plan")
      .add_conditional_edges("plan",
                             [](const State&) -> Result<Names> {
                               return Names{"stock", "price"};
                             },
                             {"stock", "price"})
      .add_edge("stock", "join")
      .add_edge("price", "join")
      .add_edge("join", END);
  MemoryCheckpointStore store;
  Runner runner(runner_compiled(g), store);
  auto run = runner.invoke("t", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(joins.load(), 1);
  EXPECT_EQ(run->state["seen"], json({{"stock", 1}, {"price", 1}}));
  EXPECT_EQ(run->state["messages"], json({"plan", "price", "stock", "join"}));  // by name
}

TEST(Runner, TwoWritersOfAReplaceKeyInOneStepConflict) {
  Graph g(runner_schema());
  auto answer = [](const std::string& text) {
    return [text](const State&, NodeContext&) -> Result<NodeOutput> {
      return NodeOutput::write({{"answer", text}});
    };
  };
  g.add_node("left", answer("L"))
      .add_node("right", answer("R"))
      .add_edge(START, "left")
      .add_edge(START, "right")
      .add_edge("left", END)
      .add_edge("right", END);
  MemoryCheckpointStore store;
  Runner runner(runner_compiled(g), store);
  auto run = runner.invoke("t", json::object());
  EXPECT_EQ(run.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(run.status().field(), "answer");
  EXPECT_NE(run.status().message().find("'left'"), std::string::npos);
  EXPECT_NE(run.status().message().find("'right'"), std::string::npos);
}

TEST(Runner, MergeOrderIsByNodeNameNotCompletionOrder) {
  for (int threads : {1, 4}) {
    Graph g(runner_schema());
    g.add_node("a_slow",
               [](const State&, NodeContext&) -> Result<NodeOutput> {
                 std::this_thread::sleep_for(std::chrono::milliseconds(30));
                 return NodeOutput::write(
                     {{"messages", {"slow"}}, {"count", 1}, {"seen", {{"k", "slow"}}}});
               })
        .add_node("b_fast",
                  [](const State&, NodeContext&) -> Result<NodeOutput> {
                    return NodeOutput::write(
                        {{"messages", {"fast"}}, {"count", 2}, {"seen", {{"k", "fast"}}}});
                  })
        .add_edge(START, "a_slow")
        .add_edge(START, "b_fast")
        .add_edge("a_slow", END)
        .add_edge("b_fast", END);
    MemoryCheckpointStore store;
    RunnerOptions options;
    options.threads = threads;
    Runner runner(runner_compiled(g), store, options);
    const auto started = std::chrono::steady_clock::now();
    auto run = runner.invoke("t", json::object());
    ASSERT_TRUE(run) << run.status().to_string();
    EXPECT_EQ(run->state["messages"], json({"slow", "fast"})) << threads;
    EXPECT_EQ(run->state["count"], 3);
    EXPECT_EQ(run->state["seen"]["k"], "fast");  // merged in name order: b_fast's value last
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(30));
  }
}

TEST(Runner, TheStepLimitStopsARunawayCycleNamingLimitAndNodes) {
  Graph g(runner_schema());
  g.add_node("ping", say("ping"))
      .add_node("pong", say("pong"))
      .add_edge(START, "ping")
      .add_edge("ping", "pong")
      .add_edge("pong", "ping");
  MemoryCheckpointStore store;
  RunnerOptions options;
  options.max_steps = 7;
  Runner runner(runner_compiled(g), store, options);
  auto run = runner.invoke("t", json::object());
  EXPECT_EQ(run.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(run.status().message().find("step limit of 7"), std::string::npos);
  EXPECT_NE(run.status().message().find("ping"), std::string::npos);
  EXPECT_EQ((*runner.state("t"))["messages"].size(), 7u);  // every step was checkpointed

  Runner default_limit(runner_compiled(g), store);
  auto again = default_limit.invoke("u", json::object());
  EXPECT_NE(again.status().message().find("step limit of 50"), std::string::npos);
}

TEST(Runner, NodeErrorsAndThrowsComeBackAsStatusNamingTheNode) {
  Graph g(runner_schema());
  g.add_node("bad_update",
             [](const State&, NodeContext&) -> Result<NodeOutput> {
               return NodeOutput::write({{"messages", {json::object(), {{"score", NAN}}}}});
             })
      .add_edge(START, "bad_update")
      .add_edge("bad_update", END);
  MemoryCheckpointStore store;
  auto run = Runner(runner_compiled(g), store).invoke("t", json::object());
  EXPECT_EQ(run.status().field(), "messages[1].score");
  EXPECT_NE(run.status().message().find("node 'bad_update'"), std::string::npos);

  Graph throws(runner_schema());
  throws
      .add_node("boom",
                [](const State& s, NodeContext&) -> Result<NodeOutput> {
                  return NodeOutput::write({{"answer", s.at("no such key").get<std::string>()}});
                })
      .add_edge(START, "boom")
      .add_edge("boom", END);
  auto thrown = Runner(runner_compiled(throws), store).invoke("t2", json::object());
  EXPECT_EQ(thrown.status().code(), ErrorCode::kInternal);
  EXPECT_NE(thrown.status().message().find("node 'boom'"), std::string::npos);

  EXPECT_EQ(Runner(runner_compiled(throws), store).invoke("t3", {{"nope", 1}}).status().field(), "nope");
}

TEST(Runner, StreamsNodeCustomAndDoneEvents) {
  Graph g(runner_schema());
  g.add_node("answer",
             [](const State&, NodeContext& ctx) -> Result<NodeOutput> {
               for (const char* token : {"Re", "order", " 12"}) ctx.emit({{"token", token}});
               return NodeOutput::write({{"answer", "Reorder 12"}});
             })
      .add_edge(START, "answer")
      .add_edge("answer", END);
  std::vector<Event> events;
  RunnerOptions options;
  options.on_event = [&](const Event& e) { events.push_back(e); };
  MemoryCheckpointStore store;
  auto run = Runner(runner_compiled(g), store, options).invoke("t", json::object());
  ASSERT_TRUE(run);
  std::vector<std::string> kinds;
  std::string tokens;
  for (const auto& e : events) {
    kinds.push_back(event_kind_name(e.kind));
    if (e.kind == EventKind::kCustom) tokens += e.data["token"].get<std::string>();
  }
  EXPECT_EQ(kinds, (Names{"node_started", "custom", "custom", "custom", "node_finished", "done"}));
  EXPECT_EQ(tokens, "Reorder 12");
  EXPECT_EQ(events[4].data, json({{"answer", "Reorder 12"}}));
  EXPECT_EQ(events.back().data["state"]["answer"], "Reorder 12");
  EXPECT_EQ(events[0].thread, "t");
}

TEST(Runner, EventsFromParallelNodesReachTheSinkOneAtATime) {
  Graph g(runner_schema());
  for (int i = 0; i < 8; ++i) {
    const std::string name = "n" + std::to_string(i);
    g.add_node(name,
               [](const State&, NodeContext& ctx) -> Result<NodeOutput> {
                 for (int k = 0; k < 50; ++k) ctx.emit({{"k", k}});
                 return NodeOutput::write({{"count", 1}});
               })
        .add_edge(START, name)
        .add_edge(name, END);
  }
  int events = 0;  // not atomic: the sink's calls must not overlap
  bool busy = false, overlapped = false;
  RunnerOptions options;
  options.threads = 4;
  options.on_event = [&](const Event&) {
    overlapped |= busy;
    busy = true;
    ++events;
    busy = false;
  };
  MemoryCheckpointStore store;
  auto run = Runner(runner_compiled(g), store, options).invoke("t", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(run->state["count"], 8);
  EXPECT_FALSE(overlapped);
  EXPECT_EQ(events, 8 * (50 + 2) + 1);
}

TEST(Runner, ADoneThreadTakesTheNextTurnAsNewInput) {
  Graph g(runner_schema());
  g.add_node(
       "echo",
       [](const State& s, NodeContext&) -> Result<NodeOutput> {
         return NodeOutput::write({{"answer", "heard " + std::to_string(s["messages"].size())}});
       })
      .add_edge(START, "echo")
      .add_edge("echo", END);
  MemoryCheckpointStore store;
  Runner runner(runner_compiled(g), store);
  ASSERT_TRUE(runner.invoke("chat", {{"messages", {"hello"}}}));
  auto second = runner.invoke("chat", {{"messages", {"and again"}}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->state["answer"], "heard 2");
  EXPECT_EQ(second->state["messages"], json({"hello", "and again"}));
  auto history = runner.history("chat");
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ((*history)[2].step, 1);  // the second turn's input takes a step of its own
  EXPECT_EQ((*history)[3].step, 2);
}

}  // namespace
}  // namespace oiis::agents

namespace oiis::agents {
namespace {

// The example of docs/agents.md ("A graph in twenty lines"), kept compiling and true.
TEST(Runner, TheDocumentationExampleRuns) {
  StateSchema schema;
  schema.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("approved", ValueType::kBoolean)
      .add("cost", ValueType::kNumber, Reducer::kSum);
  Graph g(schema);
  g.add_node("draft",
             [](const State& s, NodeContext&) -> Result<NodeOutput> {
               return NodeOutput::write(
                   {{"messages", {{{"role", "assistant"}, {"text", "order 60 units"}}}}});
             })
      .add_node("approve",
                [](const State&, NodeContext& ctx) -> Result<NodeOutput> {
                  if (!ctx.resume)
                    return NodeOutput::ask({{"question", "approve purchase order 12?"}});
                  // only now, holding the answer, does the node do its side effect
                  return NodeOutput::write({{"approved", ctx.resume->get<bool>()}});
                })
      .add_edge(START, "draft")
      .add_edge("draft", "approve")
      .add_edge("approve", END);
  auto graph = g.compile();
  ASSERT_TRUE(graph);
  MemoryCheckpointStore store;
  int events = 0;
  Runner runner(*graph, store, {.on_event = [&](const Event&) { ++events; }});
  auto run = runner.invoke("po-12", {{"messages", nlohmann::json::array()}});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->status, RunStatus::kInterrupted);
  auto done = runner.resume("po-12", true);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, RunStatus::kDone);
  EXPECT_EQ(done->state["messages"][0]["text"], "order 60 units");
  EXPECT_EQ(done->state["approved"], true);
  EXPECT_GT(events, 4);
}

}  // namespace
}  // namespace oiis::agents
