// The graph engine's checkpoints kept in the store (store/agent_tables.h): each checkpoint's
// JSON under (thread, id), pending writes beside them, so that a conversation survives restarts
// and any process on the same store can resume it.
#pragma once

#include "agents/graph/checkpoint.h"

namespace oiis {
class AgentTables;
}

namespace oiis::agents {

class StoreCheckpointStore final : public CheckpointStore {
 public:
  explicit StoreCheckpointStore(AgentTables& tables) : tables_(tables) {}

  Status put(const std::string& thread, const Checkpoint& checkpoint) override;
  Result<std::vector<Checkpoint>> list(const std::string& thread) const override;
  Result<std::vector<Checkpoint>> list_from(const std::string& thread, std::int64_t from_id) const override;
  Result<std::optional<Checkpoint>> last(const std::string& thread) const override;
  Status remove(const std::string& thread, const std::vector<std::int64_t>& ids) override;
  Status put_write(const std::string& thread, std::int64_t checkpoint_id, const PendingWrite& write) override;
  Result<std::vector<PendingWrite>> writes(const std::string& thread, std::int64_t checkpoint_id) const override;
  Status remove_writes(const std::string& thread, std::int64_t checkpoint_id) override;

 private:
  AgentTables& tables_;
};

}  // namespace oiis::agents
