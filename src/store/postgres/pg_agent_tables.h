// The assistant's tables on PostgreSQL, in the store's transactions (no data-version triggers
// on these tables: conversations are not business data).
#pragma once

#include "store/agent_tables.h"

namespace oiis::pg {

class PostgresStore;

class PgAgentTables final : public AgentTables {
 public:
  explicit PgAgentTables(PostgresStore& store) : store_(store) {}

  Status save_thread(const AgentThread& t) override;
  Result<AgentThread> get_thread(const std::string& id) override;
  Result<std::vector<AgentThread>> list_threads(int limit) override;
  Status delete_thread(const std::string& id) override;
  Status put_checkpoint(const StoredCheckpoint& c) override;
  Status delete_checkpoints(const std::string& thread,
                            const std::vector<std::int64_t>& seqs) override;
  Result<std::vector<StoredCheckpoint>> checkpoints_from(const std::string& thread,
                                                         std::int64_t from_seq) override;
  Result<std::optional<StoredCheckpoint>> last_checkpoint(const std::string& thread) override;
  Status put_write(const std::string& thread, std::int64_t checkpoint, const std::string& body) override;
  Result<std::vector<std::string>> writes(const std::string& thread, std::int64_t checkpoint) override;
  Status delete_writes(const std::string& thread, std::int64_t checkpoint) override;
  Result<QueryTable> read_only_query(const std::string& sql,
                                     const std::vector<nlohmann::json>& params,
                                     const QueryLimits& limits) override;

 private:
  PostgresStore& store_;
};

}  // namespace oiis::pg
