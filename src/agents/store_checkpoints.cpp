#include "agents/store_checkpoints.h"

#include "store/agent_tables.h"

namespace oiis::agents {
namespace {

Result<Checkpoint> parse_checkpoint(const StoredCheckpoint& stored) {
  auto j = nlohmann::json::parse(stored.body, nullptr, false);
  if (j.is_discarded())
    return internal_error("checkpoint " + std::to_string(stored.seq) + " of thread " + stored.thread + " is not JSON");
  return Checkpoint::from_json(j);
}

Result<std::vector<Checkpoint>> parse_all(Result<std::vector<StoredCheckpoint>> stored) {
  if (!stored.is_ok()) return stored.status();
  std::vector<Checkpoint> out;
  for (const auto& s : stored.value()) {
    auto cp = parse_checkpoint(s);
    if (!cp.is_ok()) return cp.status();
    out.push_back(std::move(cp).value());
  }
  return out;
}

}  // namespace

Status StoreCheckpointStore::put(const std::string& thread, const Checkpoint& checkpoint) {
  return tables_.put_checkpoint({thread, checkpoint.id, checkpoint.dump()});
}

Result<std::vector<Checkpoint>> StoreCheckpointStore::list(const std::string& thread) const {
  return parse_all(tables_.checkpoints(thread));
}

Result<std::vector<Checkpoint>> StoreCheckpointStore::list_from(const std::string& thread, std::int64_t from_id) const {
  return parse_all(tables_.checkpoints_from(thread, from_id));
}

Result<std::optional<Checkpoint>> StoreCheckpointStore::last(const std::string& thread) const {
  auto stored = tables_.last_checkpoint(thread);
  if (!stored.is_ok()) return stored.status();
  if (!stored.value()) return std::optional<Checkpoint>();
  auto cp = parse_checkpoint(*stored.value());
  if (!cp.is_ok()) return cp.status();
  return std::optional<Checkpoint>(std::move(cp).value());
}

Status StoreCheckpointStore::remove(const std::string& thread, const std::vector<std::int64_t>& ids) {
  return tables_.delete_checkpoints(thread, ids);
}

Status StoreCheckpointStore::put_write(const std::string& thread, std::int64_t checkpoint_id, const PendingWrite& write) {
  return tables_.put_write(thread, checkpoint_id, write.to_json().dump());
}

Result<std::vector<PendingWrite>> StoreCheckpointStore::writes(const std::string& thread, std::int64_t checkpoint_id) const {
  auto bodies = tables_.writes(thread, checkpoint_id);
  if (!bodies.is_ok()) return bodies.status();
  std::vector<PendingWrite> out;
  for (const auto& b : bodies.value()) {
    auto w = PendingWrite::from_json(nlohmann::json::parse(b, nullptr, false));
    if (!w.is_ok()) return w.status();
    out.push_back(std::move(w).value());
  }
  return out;
}

Status StoreCheckpointStore::remove_writes(const std::string& thread, std::int64_t checkpoint_id) {
  return tables_.delete_writes(thread, checkpoint_id);
}

}  // namespace oiis::agents
