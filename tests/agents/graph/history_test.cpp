// Replay, fork, compaction and the storage bar (agents/graph/runner.h, checkpoint.h): any
// checkpoint's state can be rebuilt, a fork continues on its own while the original stays as
// it was, and a 1,000-step thread stores under 10 MB of checkpoints in total.
#include <gtest/gtest.h>

#include <cstdio>

#include "agents/graph/runner.h"

namespace oiis::agents {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

StateSchema history_schema() {
  StateSchema s;
  s.add("messages", ValueType::kArray, Reducer::kAppend)
      .add("count", ValueType::kInteger, Reducer::kSum)
      .add("last_tool", ValueType::kString)
      .add("confidence", ValueType::kNumber)
      .add("limit", ValueType::kInteger)
      .add("meta", ValueType::kObject, Reducer::kMerge);
  return s;
}

// One node in a cycle: each step appends a ~200-byte message and updates a few scalars, until
// `count` reaches `limit`.
std::shared_ptr<const CompiledGraph> chat_loop() {
  Graph g(history_schema());
  g.add_node("agent",
             [](const State& s, NodeContext&) -> Result<NodeOutput> {
               const int n = s["count"].get<int>();
               json message = {
                   {"role", n % 2 ? "assistant" : "tool"},
                   {"step", n},
                   {"text", "Stock of SKU-" + std::to_string(1000 + n) +
                                " is below its reorder point; the forecast for the next 14 days "
                                "is 42 units, so ordering 60 units from the usual supplier covers "
                                "lead time and safety stock."}};
               return NodeOutput::write({{"messages", {message}},
                                         {"count", 1},
                                         {"last_tool", n % 3 ? "forecast" : "stock"},
                                         {"confidence", 0.5 + (n % 10) / 20.0},
                                         {"meta", {{"turn", n}}}});
             })
      .add_edge(START, "agent")
      .add_conditional_edges("agent",
                             [](const State& s) -> Result<Names> {
                               return Names{s["count"] < s["limit"] ? "agent" : END};
                             },
                             {"agent", END});
  auto c = g.compile();
  EXPECT_TRUE(c) << c.status().to_string();
  return *c;
}

TEST(History, StateAtRebuildsEveryCheckpoint) {
  MemoryCheckpointStore store;
  RunnerOptions options;
  options.full_snapshot_every = 4;
  Runner runner(chat_loop(), store, options);
  auto run = runner.invoke("t", {{"limit", 10}});
  ASSERT_TRUE(run) << run.status().to_string();
  auto history = runner.history("t");
  ASSERT_EQ(history->size(), 11u);
  for (const auto& cp : *history) {
    auto state = runner.state_at("t", cp.id);
    ASSERT_TRUE(state) << cp.id;
    EXPECT_EQ((*state)["count"], cp.id);
    EXPECT_EQ((*state)["messages"].size(), static_cast<std::size_t>(cp.id));
    EXPECT_EQ(cp.full, cp.id % 4 == 0);
    if (cp.id > 0) {
      EXPECT_EQ(cp.parent_id, cp.id - 1);
    }
  }
  EXPECT_EQ(runner.state_at("t", 99).status().code(), ErrorCode::kNotFound);
}

TEST(History, AForkContinuesOnItsOwnAndTheOriginalIsUnchanged) {
  MemoryCheckpointStore store;
  Runner runner(chat_loop(), store);
  ASSERT_TRUE(runner.invoke("t", {{"limit", 6}}));
  const std::size_t original_bytes = store.stored_bytes("t");
  const State original = *runner.state("t");

  // Fork at checkpoint 3 (three messages) and raise the limit there.
  ASSERT_TRUE(runner.fork("t", 3, "t-what-if", {{"limit", 8}}));
  EXPECT_EQ(runner.fork("t", 3, "t-what-if").code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(runner.fork("t", 42, "t-other").code(), ErrorCode::kNotFound);
  auto forked = runner.continue_thread("t-what-if");
  ASSERT_TRUE(forked) << forked.status().to_string();
  EXPECT_EQ(forked->state["count"], 8);
  EXPECT_EQ(forked->steps, 5);
  auto fork_history = runner.history("t-what-if");
  EXPECT_EQ(fork_history->front().forked_from, "t#3");
  EXPECT_TRUE(fork_history->front().full);

  EXPECT_EQ(*runner.state("t"), original);
  EXPECT_EQ(store.stored_bytes("t"), original_bytes);
  EXPECT_EQ(runner.history("t")->size(), 7u);
}

// Counts the checkpoints each read hands back (each one parsed from its JSON text).
class CountingStore : public MemoryCheckpointStore {
 public:
  mutable std::size_t read = 0;
  Result<std::vector<Checkpoint>> list_from(const std::string& thread,
                                            std::int64_t from_id) const override {
    auto cps = MemoryCheckpointStore::list_from(thread, from_id);
    if (cps) read += cps->size();
    return cps;
  }
  Result<std::optional<Checkpoint>> last(const std::string& thread) const override {
    ++read;
    return MemoryCheckpointStore::last(thread);
  }
};

TEST(History, ACallOnALongThreadReadsOnlyTheCheckpointsSinceAFullOne) {
  CountingStore store;
  RunnerOptions options;
  options.max_steps = 500;
  Runner runner(chat_loop(), store, options);
  ASSERT_TRUE(runner.invoke("t", {{"limit", 300}}));
  store.read = 0;
  auto state = runner.state("t");
  ASSERT_TRUE(state);
  EXPECT_EQ((*state)["count"], 300);
  EXPECT_LE(store.read, 1u + 2 * 25 + 1);  // the last, then a window of 2 * full_every
  store.read = 0;
  auto more = runner.invoke("t", {{"limit", 301}});  // the next turn loads the thread too
  ASSERT_TRUE(more);
  EXPECT_EQ(more->state["messages"].size(), 301u);
  EXPECT_LE(store.read, 1u + 2 * 25 + 1);
  // A runner with another snapshot setting still finds the state: its window (ids 296..299)
  // holds no full checkpoint, so it reads the whole thread.
  RunnerOptions other = options;
  other.full_snapshot_every = 2;
  store.read = 0;
  EXPECT_EQ((*Runner(chat_loop(), store, other).state_at("t", 299))["count"], 299);
  EXPECT_GT(store.read, 300u);
  EXPECT_EQ((*runner.state_at("t", 123))["count"], 123);
}

TEST(History, AThousandStepThreadStoresUnderTenMegabytes) {
  MemoryCheckpointStore store;
  RunnerOptions options;
  options.max_steps = 2000;
  Runner runner(chat_loop(), store, options);
  auto run = runner.invoke("long", {{"limit", 1000}});
  ASSERT_TRUE(run) << run.status().to_string();
  ASSERT_EQ(run->steps, 1000);
  const std::size_t message_bytes = run->state["messages"][500].dump().size();
  const std::size_t bytes = store.stored_bytes("long");
  std::printf(
      "1000-step thread: %zu checkpoints, %zu bytes stored (%.2f MB), message %zu bytes, "
      "final state %zu bytes\n",
      runner.history("long")->size(), bytes, bytes / 1e6, message_bytes, run->state.dump().size());
  RecordProperty("checkpoint_bytes", std::to_string(bytes));
  EXPECT_GE(message_bytes, 200u);
  EXPECT_LT(bytes, 10'000'000u);
  // Rebuilding from the store gives the state the run ended with.
  EXPECT_EQ(*runner.state("long"), run->state);

  // Compaction keeps the last 10 rebuildable and frees most of the rest.
  auto removed = runner.compact("long", 10);
  ASSERT_TRUE(removed);
  std::printf("compact(keep_last = 10): %zu checkpoints removed, %zu bytes left\n", *removed,
              store.stored_bytes("long"));
  EXPECT_GE(*removed, 975u);
  EXPECT_EQ(*runner.state("long"), run->state);
  auto history = runner.history("long");
  for (const auto& cp : *history) EXPECT_TRUE(runner.state_at("long", cp.id).is_ok()) << cp.id;
  // The compacted thread still takes another turn.
  auto more = runner.invoke("long", {{"limit", 1005}});
  ASSERT_TRUE(more) << more.status().to_string();
  EXPECT_EQ(more->state["count"], 1005);
}

}  // namespace
}  // namespace oiis::agents
