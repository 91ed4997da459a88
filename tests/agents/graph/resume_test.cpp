// Crash-and-resume and human-in-the-loop (agents/graph/runner.h): a finished sibling is never
// called again after a failure or a crash, interrupts stop and resume with the answer, an
// interrupt inside a subgraph resumes the subgraph where it stopped (counters prove which node
// ran how often), and a fresh Runner on the same store is all a resume needs.
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

StateSchema resume_schema() {
  StateSchema s;
  s.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("approved", ValueType::kBoolean)
      .add("count", ValueType::kInteger, Reducer::kSum);
  return s;
}

// Asks a human; does its effect (counted in `effects`) only once it holds the answer.
NodeFn approval(std::atomic<int>& calls, std::atomic<int>& effects) {
  return [&calls, &effects](const State&, NodeContext& ctx) -> Result<NodeOutput> {
    ++calls;
    if (!ctx.resume) return NodeOutput::ask({{"question", "approve purchase order 12?"}});
    const bool yes = ctx.resume->get<bool>();
    if (yes) ++effects;
    return NodeOutput::write({{"approved", yes}, {"messages", {yes ? "approved" : "rejected"}}});
  };
}

// A checkpoint store that refuses the checkpoint of step `die_at_step`: the process "dies"
// after the step's nodes finished and before its checkpoint was written.
class DyingStore : public MemoryCheckpointStore {
 public:
  int die_at_step = -100;
  Status put(const std::string& thread, const Checkpoint& cp) override {
    if (cp.step == die_at_step) return unavailable("power cut");
    return MemoryCheckpointStore::put(thread, cp);
  }
};

struct CrashGraph {
  std::atomic<int> sibling{0}, failing{0}, after{0};
  std::atomic<bool> fail{true};
  std::shared_ptr<const CompiledGraph> build() {
    Graph g(resume_schema());
    g.add_node("a_sibling", counted_say("sibling", sibling))
        .add_node("b_flaky",
                  [this](const State&, NodeContext&) -> Result<NodeOutput> {
                    ++failing;
                    if (fail) return unavailable("model endpoint timed out");
                    return NodeOutput::write({{"messages", {"flaky"}}});
                  })
        .add_node("c_after", counted_say("after", after))
        .add_edge(START, "a_sibling")
        .add_edge(START, "b_flaky")
        .add_edge("a_sibling", "c_after")
        .add_edge("b_flaky", "c_after")
        .add_edge("c_after", END);
    return compiled(g);
  }
};

TEST(CrashResume, AFreshRunnerSkipsTheSiblingThatHadFinished) {
  for (int threads : {1, 2}) {
    CrashGraph world;
    MemoryCheckpointStore store;
    RunnerOptions options;
    options.threads = threads;
    {
      Runner first(world.build(), store, options);
      auto run = first.invoke("t", json::object());
      EXPECT_EQ(run.status().code(), ErrorCode::kUnavailable);
      EXPECT_NE(run.status().message().find("node 'b_flaky'"), std::string::npos);
      EXPECT_EQ(store.write_count("t"), 1u);  // a_sibling's update, recorded before any checkpoint
    }
    world.fail = false;
    Runner second(world.build(), store, options);  // as after a restart
    auto run = second.continue_thread("t");
    ASSERT_TRUE(run) << run.status().to_string();
    EXPECT_EQ(world.sibling.load(), 1) << "threads " << threads;
    EXPECT_EQ(world.failing.load(), 2);
    EXPECT_EQ(world.after.load(), 1);
    EXPECT_EQ(run->state["messages"], json({"sibling", "flaky", "after"}));
    EXPECT_EQ(store.write_count("t"), 0u);  // the step's checkpoint took them over
  }
}

TEST(CrashResume, ACrashBeforeTheStepCheckpointReRunsNoFinishedNode) {
  CrashGraph world;
  world.fail = false;
  DyingStore store;
  store.die_at_step = 0;
  {
    Runner first(world.build(), store);
    EXPECT_EQ(first.invoke("t", json::object()).status().code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(world.sibling.load(), 1);
  EXPECT_EQ(world.failing.load(), 1);
  EXPECT_EQ(store.write_count("t"), 2u);  // both nodes' work survived the "crash"
  store.die_at_step = -100;               // the restarted process
  Runner second(world.build(), store);
  auto run = second.continue_thread("t");
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(world.sibling.load(), 1);
  EXPECT_EQ(world.failing.load(), 1);
  EXPECT_EQ(world.after.load(), 1);
  EXPECT_EQ(run->state["messages"], json({"sibling", "flaky", "after"}));
}

TEST(Interrupt, StopsCheckpointedAndResumesWithTheAnswer) {
  std::atomic<int> drafts{0}, asks{0}, orders{0}, placed{0};
  Graph g(resume_schema());
  g.add_node("draft", counted_say("draft", drafts))
      .add_node("approve", approval(asks, orders))
      .add_node("place", counted_say("placed", placed))
      .add_edge(START, "draft")
      .add_edge("draft", "approve")
      .add_edge("approve", "place")
      .add_edge("place", END);
  MemoryCheckpointStore store;
  std::vector<Event> events;
  RunnerOptions options;
  options.on_event = [&](const Event& e) { events.push_back(e); };
  auto run = Runner(compiled(g), store, options).invoke("po-12", json::object());
  ASSERT_TRUE(run) << run.status().to_string();
  EXPECT_EQ(run->status, RunStatus::kInterrupted);
  EXPECT_EQ(run->interrupt->node, "approve");
  EXPECT_EQ(run->interrupt->payload["question"], "approve purchase order 12?");
  EXPECT_EQ(events.back().kind, EventKind::kInterrupt);
  EXPECT_EQ(orders.load(), 0);  // no side effect before the answer

  Runner fresh(compiled(g), store);
  EXPECT_EQ(fresh.invoke("po-12", json::object()).status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(fresh.continue_thread("po-12").status().code(), ErrorCode::kFailedPrecondition);
  auto history = fresh.history("po-12");
  ASSERT_TRUE(history->back().interrupt);  // the interrupt is in the store, not only in memory
  auto done = fresh.resume("po-12", true);
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(done->status, RunStatus::kDone);
  EXPECT_EQ(done->state["messages"], json({"draft", "approved", "placed"}));
  EXPECT_EQ(drafts.load(), 1);
  EXPECT_EQ(asks.load(), 2);
  EXPECT_EQ(orders.load(), 1);
  EXPECT_EQ(placed.load(), 1);
  EXPECT_EQ(fresh.resume("po-12", true).status().code(), ErrorCode::kFailedPrecondition);
}

TEST(Interrupt, ASiblingThatFinishedInTheInterruptedStepIsNotCalledAgain) {
  std::atomic<int> stock{0}, asks{0}, orders{0};
  Graph g(resume_schema());
  g.add_node("check_stock", counted_say("stock ok", stock))
      .add_node("approve", approval(asks, orders))
      .add_edge(START, "approve")
      .add_edge(START, "check_stock")
      .add_edge("approve", END)
      .add_edge("check_stock", END);
  MemoryCheckpointStore store;
  auto run = Runner(compiled(g), store).invoke("t", json::object());
  ASSERT_EQ(run->status, RunStatus::kInterrupted);
  auto done = Runner(compiled(g), store).resume("t", false);
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(stock.load(), 1);
  EXPECT_EQ(asks.load(), 2);
  EXPECT_EQ(orders.load(), 0);
  EXPECT_EQ(done->state["approved"], false);
  EXPECT_EQ(done->state["messages"], json({"rejected", "stock ok"}));  // merged by name
}

struct PurchaseWorld {
  std::atomic<int> intake{0}, prepare{0}, asks{0}, orders{0}, commit{0}, notify{0};
  std::shared_ptr<const CompiledGraph> build() {
    StateSchema inner;
    inner.add("messages", ValueType::kArray, Reducer::kAppend)
        .add("approved", ValueType::kBoolean)
        .add("count", ValueType::kInteger, Reducer::kSum);
    Graph sub(inner);
    sub.add_node("prepare",
                 [this](const State&, NodeContext&) -> Result<NodeOutput> {
                   ++prepare;
                   return NodeOutput::write({{"messages", {"prepared"}}, {"count", 2}});
                 })
        .add_node("approve", approval(asks, orders))
        .add_node("commit", counted_say("committed", commit))
        .add_edge(START, "prepare")
        .add_edge("prepare", "approve")
        .add_conditional_edges("approve",
                               [](const State& s) -> Result<Names> {
                                 return Names{s["approved"] == true ? "commit" : END};
                               },
                               {"commit", END})
        .add_edge("commit", END);
    Graph parent(resume_schema());
    parent.add_node("intake", counted_say("intake", intake))
        .add_subgraph("purchase", compiled(sub))
        .add_node("notify", counted_say("notified", notify))
        .add_edge(START, "intake")
        .add_edge("intake", "purchase")
        .add_edge("purchase", "notify")
        .add_edge("notify", END);
    return compiled(parent);
  }
};

TEST(Interrupt, InsideASubgraphTheSubgraphResumesWhereItStopped) {
  PurchaseWorld world;
  MemoryCheckpointStore store;
  std::vector<Event> events;
  RunnerOptions options;
  options.on_event = [&](const Event& e) { events.push_back(e); };
  auto run = Runner(world.build(), store, options).invoke("t", {{"count", 1}});
  ASSERT_TRUE(run) << run.status().to_string();
  ASSERT_EQ(run->status, RunStatus::kInterrupted);
  EXPECT_EQ(run->interrupt->node, "purchase");
  EXPECT_EQ(run->interrupt->path, "purchase/approve");
  EXPECT_EQ(run->interrupt->payload["question"], "approve purchase order 12?");
  EXPECT_EQ(events.back().node, "purchase/approve");
  bool saw_inner = false;
  for (const auto& e : events) saw_inner |= e.node == "purchase/prepare" && e.thread == "t";
  EXPECT_TRUE(saw_inner);

  Runner after_restart(world.build(), store);
  auto done = after_restart.resume("t", true);
  ASSERT_TRUE(done) << done.status().to_string();
  EXPECT_EQ(done->status, RunStatus::kDone);
  EXPECT_EQ(world.intake.load(), 1);
  EXPECT_EQ(world.prepare.load(), 1);  // the subgraph continued from its own checkpoint
  EXPECT_EQ(world.asks.load(), 2);
  EXPECT_EQ(world.orders.load(), 1);
  EXPECT_EQ(world.commit.load(), 1);
  EXPECT_EQ(world.notify.load(), 1);
  // The subgraph's appends reach the parent once, and its sum as a difference.
  EXPECT_EQ(done->state["messages"],
            json({"intake", "prepared", "approved", "committed", "notified"}));
  EXPECT_EQ(done->state["count"], 3);
  EXPECT_EQ(done->state["approved"], true);
}

TEST(Interrupt, AForkOfASubgraphInterruptResumesItsOwnCopyOfTheSubgraph) {
  PurchaseWorld world;
  MemoryCheckpointStore store;
  Runner runner(world.build(), store);
  auto run = runner.invoke("t", json::object());
  ASSERT_EQ(run->status, RunStatus::kInterrupted);
  ASSERT_TRUE(runner.fork("t", run->checkpoint_id, "t-alt"));
  auto yes = runner.resume("t", true);
  auto no = runner.resume("t-alt", false);
  ASSERT_TRUE(yes) << yes.status().to_string();
  ASSERT_TRUE(no) << no.status().to_string();
  EXPECT_EQ(world.prepare.load(), 1);  // neither thread re-ran the subgraph's first node
  EXPECT_EQ(world.orders.load(), 1);
  EXPECT_EQ(world.commit.load(), 1);
  EXPECT_EQ(no->state["messages"], json({"intake", "prepared", "rejected", "notified"}));
  EXPECT_EQ(yes->state["approved"], true);
}

}  // namespace
}  // namespace oiis::agents

namespace oiis::agents {
namespace {

// A thread written by an older version of the graph: a renamed node or a key that the schema
// no longer has is an error naming it, not a crash or a throw.
TEST(CrashResume, ACheckpointFromAnotherGraphIsAnErrorNotACrash) {
  std::atomic<int> calls{0};
  MemoryCheckpointStore store;
  Checkpoint first;
  first.full = true;
  first.values = resume_schema().initial_state();
  first.next = {"old_name", "other"};
  ASSERT_TRUE(store.put("t", first));
  Graph g(resume_schema());
  g.add_node("other", counted_say("x", calls)).add_edge(START, "other").add_edge("other", END);
  auto run = Runner(compiled(g), store).continue_thread("t");
  EXPECT_EQ(run.status().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(run.status().field(), "old_name");

  ASSERT_TRUE(store.put_write("t", 0, PendingWrite{"other", {{"dropped_key", 1}}}));
  Graph renamed(resume_schema());
  renamed.add_node("old_name", counted_say("x", calls))
      .add_node("other", counted_say("y", calls))
      .add_edge(START, "old_name")
      .add_edge("old_name", "other")
      .add_edge("other", END);
  auto stale = Runner(compiled(renamed), store).continue_thread("t");
  EXPECT_EQ(stale.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(stale.status().field(), "dropped_key");
}

}  // namespace
}  // namespace oiis::agents
