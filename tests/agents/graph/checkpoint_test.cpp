// Checkpoints (agents/graph/checkpoint.h): the JSON round trip a store adapter relies on, bad
// rows read back as errors, the memory store's ordering and pending writes, rebuilding a state
// from full snapshots and deltas, and compaction keeping the retained checkpoints rebuildable.
#include "agents/graph/checkpoint.h"

#include <gtest/gtest.h>

namespace oiis::agents {
namespace {

using nlohmann::json;

Checkpoint delta_cp(std::int64_t id, json set, json append) {
  Checkpoint cp;
  cp.id = id;
  cp.parent_id = id - 1;
  cp.step = static_cast<int>(id) - 1;
  cp.delta.set = std::move(set);
  cp.delta.append = std::move(append);
  cp.next = {"agent"};
  return cp;
}

Checkpoint full_cp(std::int64_t id, State values) {
  Checkpoint cp;
  cp.id = id;
  cp.parent_id = id - 1;
  cp.step = static_cast<int>(id) - 1;
  cp.full = true;
  cp.values = std::move(values);
  cp.next = {"agent"};
  return cp;
}

TEST(Checkpoint, RoundTripsThroughJson) {
  Checkpoint cp = delta_cp(7, {{"answer", "x"}}, {{"messages", {"m"}}});
  cp.next = {"a", "b"};
  cp.writes = {PendingWrite{"a", {{"answer", "y"}}}};
  cp.interrupt = Interrupt{"buy", "buy/approve", {{"question", "approve PO 12?"}}, 3};
  cp.forked_from = "t#2";
  auto back = Checkpoint::from_json(json::parse(cp.to_json().dump()));
  ASSERT_TRUE(back) << back.status().to_string();
  EXPECT_EQ(back->to_json(), cp.to_json());
  EXPECT_EQ(back->interrupt->child_checkpoint, 3);
  EXPECT_EQ(back->interrupt->path, "buy/approve");
  EXPECT_EQ(back->writes[0].node, "a");

  Checkpoint full = full_cp(0, {{"messages", json::array()}});
  full.parent_id = -1;
  auto full_back = Checkpoint::from_json(full.to_json());
  ASSERT_TRUE(full_back);
  EXPECT_TRUE(full_back->full);
  EXPECT_EQ(full_back->values, full.values);
  // dump() is the store's text: the same JSON as to_json(), for full and delta checkpoints.
  EXPECT_EQ(json::parse(full.dump()), full.to_json());
  EXPECT_EQ(json::parse(cp.dump()), cp.to_json());
  EXPECT_EQ(full.dump().size(), full.to_json().dump().size());
}

TEST(Checkpoint, BadRowsAreErrorsNotThrows) {
  EXPECT_FALSE(Checkpoint::from_json(json()).is_ok());
  EXPECT_FALSE(Checkpoint::from_json(json::array()).is_ok());
  json row = delta_cp(1, json::object(), json::object()).to_json();
  row.erase("step");
  EXPECT_EQ(Checkpoint::from_json(row).status().field(), "step");
  row = delta_cp(1, json::object(), json::object()).to_json();
  row["next"] = {1, 2};
  EXPECT_FALSE(Checkpoint::from_json(row).is_ok());
  row = delta_cp(1, json::object(), {{"messages", "x"}}).to_json();
  EXPECT_FALSE(Checkpoint::from_json(row).is_ok());
  row = full_cp(0, json::object()).to_json();
  row.erase("values");
  EXPECT_FALSE(Checkpoint::from_json(row).is_ok());
}

TEST(MemoryCheckpointStore, KeepsThreadsApartAndInOrder) {
  MemoryCheckpointStore store;
  ASSERT_TRUE(store.put("t", full_cp(0, {{"n", 0}})));
  ASSERT_TRUE(store.put("t", delta_cp(1, {{"n", 1}}, json::object())));
  ASSERT_TRUE(store.put("u", full_cp(0, {{"n", 5}})));
  // A put must extend the thread: no overwrite, no gap.
  EXPECT_EQ(store.put("t", delta_cp(1, {{"n", 9}}, json::object())).code(), ErrorCode::kConflict);
  EXPECT_EQ(store.put("t", delta_cp(5, {{"n", 9}}, json::object())).code(), ErrorCode::kConflict);
  auto t = store.list("t");
  ASSERT_TRUE(t);
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[1].delta.set["n"], 1);
  EXPECT_EQ(store.list("u")->size(), 1u);
  EXPECT_TRUE(store.list("nobody")->empty());
  EXPECT_GT(store.stored_bytes("t"), store.stored_bytes("u"));
}

TEST(MemoryCheckpointStore, PendingWritesAreKeyedByCheckpointAndDropped) {
  MemoryCheckpointStore store;
  ASSERT_TRUE(store.put_write("t", 3, PendingWrite{"a", {{"x", 1}}}));
  ASSERT_TRUE(store.put_write("t", 3, PendingWrite{"b", {{"y", 2}}}));
  ASSERT_TRUE(store.put_write("t", 4, PendingWrite{"a", {{"x", 3}}}));
  auto at3 = store.writes("t", 3);
  ASSERT_TRUE(at3);
  ASSERT_EQ(at3->size(), 2u);
  EXPECT_EQ((*at3)[1].node, "b");
  ASSERT_TRUE(store.remove_writes("t", 3));
  EXPECT_TRUE(store.writes("t", 3)->empty());
  EXPECT_EQ(store.writes("t", 4)->size(), 1u);
}

// 0 full, 1..4 deltas, 5 full, 6..7 deltas: a thread with full_every = 5.
void counting_thread(MemoryCheckpointStore& store, State& expected_last) {
  State s = {{"n", 0}, {"log", json::array()}};
  EXPECT_TRUE(store.put("t", full_cp(0, s)));
  for (int id = 1; id <= 7; ++id) {
    s["n"] = id;
    s["log"].push_back(id);
    Checkpoint cp = id == 5 ? full_cp(id, s) : delta_cp(id, {{"n", id}}, {{"log", {id}}});
    EXPECT_TRUE(store.put("t", cp));
  }
  expected_last = s;
}

TEST(Checkpoint, StatesRebuildFromTheNearestFullSnapshot) {
  State last;
  MemoryCheckpointStore store;
  counting_thread(store, last);
  auto cps = store.list("t");
  ASSERT_TRUE(cps);
  auto at7 = rebuild_state(*cps, 7);
  ASSERT_TRUE(at7);
  EXPECT_EQ(*at7, last);
  auto at3 = rebuild_state(*cps, 3);
  ASSERT_TRUE(at3);
  EXPECT_EQ((*at3)["log"], json({1, 2, 3}));
  EXPECT_EQ(rebuild_state(*cps, 42).status().code(), ErrorCode::kNotFound);
}

TEST(Checkpoint, CompactionKeepsWhatTheRetainedCheckpointsNeed) {
  State last;
  MemoryCheckpointStore store;
  counting_thread(store, last);
  const std::size_t before = store.stored_bytes("t");
  // Keeping 2 (6 and 7) needs full checkpoint 5: 0..4 go.
  auto removed = compact(store, "t", 2);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 5u);
  EXPECT_LT(store.stored_bytes("t"), before);
  auto cps = store.list("t");
  ASSERT_EQ(cps->size(), 3u);
  EXPECT_EQ(cps->front().id, 5);
  EXPECT_EQ(*rebuild_state(*cps, 7), last);
  EXPECT_EQ((*rebuild_state(*cps, 6))["log"], json({1, 2, 3, 4, 5, 6}));
  // Keeping 4 (4..7) needs full checkpoint 0: nothing more can go.
  State last2;
  MemoryCheckpointStore other;
  counting_thread(other, last2);
  EXPECT_EQ(*compact(other, "t", 4), 0u);
  EXPECT_FALSE(compact(other, "t", 0).is_ok());
  // The thread keeps growing after compaction.
  EXPECT_TRUE(store.put("t", delta_cp(8, {{"n", 8}}, {{"log", {8}}})));
}

}  // namespace
}  // namespace oiis::agents
