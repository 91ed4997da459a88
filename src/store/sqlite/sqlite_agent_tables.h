// The assistant's tables on SQLite: writes through the store's write queue without the
// data-version bump, reads and the read-only query on pooled readers.
#pragma once

#include "store/agent_tables.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/write_queue.h"

namespace oiis::sqlite {

class SqliteAgentTables final : public AgentTables {
 public:
  SqliteAgentTables(WriteQueue& writes, ReaderPool& readers) : writes_(writes), readers_(readers) {}

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
  template <typename Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    return writes_.execute(std::forward<Fn>(fn), /*marks_data=*/false);
  }

  WriteQueue& writes_;
  ReaderPool& readers_;
};

}  // namespace oiis::sqlite
