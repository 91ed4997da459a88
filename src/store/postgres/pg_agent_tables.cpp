#include "store/postgres/pg_agent_tables.h"

#include <algorithm>

#include "store/model_tables_checks.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

constexpr std::string_view kThreadColumns = "id, title, owner, created_at, updated_at";

AgentThread read_thread(const pqxx::row& r) {
  return AgentThread{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                     r[3].as<std::int64_t>(), r[4].as<std::int64_t>()};
}

}  // namespace

Status PgAgentTables::save_thread(const AgentThread& t) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        txn.exec_params(
            "INSERT INTO agent_threads (id, title, owner, created_at, updated_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
            "updated_at = excluded.updated_at",
            t.id, t.title, t.owner, t.created_at, t.updated_at);
        return true;
      })
      .status();
}

Result<AgentThread> PgAgentTables::get_thread(const std::string& id) {
  return store_.transact([&](pqxx::work& txn) -> Result<AgentThread> {
    auto rows = txn.exec_params(
        "SELECT " + std::string(kThreadColumns) + " FROM agent_threads WHERE id = $1", id);
    if (rows.empty()) return not_found("thread " + id + " not found", "thread");
    return read_thread(rows[0]);
  });
}

Result<std::vector<AgentThread>> PgAgentTables::list_threads(int limit) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<AgentThread>> {
    std::vector<AgentThread> out;
    for (const auto& r : txn.exec_params("SELECT " + std::string(kThreadColumns) +
                                             " FROM agent_threads ORDER BY updated_at DESC, id "
                                             "LIMIT $1",
                                         model_tables::clamp_limit(limit)))
      out.push_back(read_thread(r));
    return out;
  });
}

Status PgAgentTables::delete_thread(const std::string& id) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        txn.exec_params("DELETE FROM agent_checkpoints WHERE thread = $1", id);
        txn.exec_params("DELETE FROM agent_writes WHERE thread = $1", id);
        if (txn.exec_params("DELETE FROM agent_threads WHERE id = $1", id).affected_rows() == 0)
          return not_found("thread " + id + " not found", "thread");
        return true;
      })
      .status();
}

Status PgAgentTables::put_checkpoint(const StoredCheckpoint& c) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        txn.exec_params("INSERT INTO agent_checkpoints (thread, seq, body) VALUES ($1, $2, $3)",
                        c.thread, c.seq, c.body);
        return true;
      })
      .status();
}

Status PgAgentTables::delete_checkpoints(const std::string& thread,
                                         const std::vector<std::int64_t>& seqs) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        for (auto seq : seqs)
          txn.exec_params("DELETE FROM agent_checkpoints WHERE thread = $1 AND seq = $2", thread,
                          seq);
        return true;
      })
      .status();
}

Result<std::vector<StoredCheckpoint>> PgAgentTables::checkpoints_from(const std::string& thread,
                                                                      std::int64_t from_seq) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<StoredCheckpoint>> {
    std::vector<StoredCheckpoint> out;
    for (const auto& r : txn.exec_params(
             "SELECT seq, body FROM agent_checkpoints WHERE thread = $1 AND seq >= $2 ORDER BY seq", thread,
             from_seq))
      out.push_back(StoredCheckpoint{thread, r[0].as<std::int64_t>(), r[1].as<std::string>()});
    return out;
  });
}

Result<std::optional<StoredCheckpoint>> PgAgentTables::last_checkpoint(const std::string& thread) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::optional<StoredCheckpoint>> {
    auto rows = txn.exec_params(
        "SELECT seq, body FROM agent_checkpoints WHERE thread = $1 ORDER BY seq DESC LIMIT 1", thread);
    if (rows.empty()) return std::optional<StoredCheckpoint>();
    return std::optional<StoredCheckpoint>(
        StoredCheckpoint{thread, rows[0][0].as<std::int64_t>(), rows[0][1].as<std::string>()});
  });
}

Status PgAgentTables::put_write(const std::string& thread, std::int64_t checkpoint, const std::string& body) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        txn.exec_params(
            "INSERT INTO agent_writes (thread, checkpoint, seq, body) VALUES ($1, $2, (SELECT "
            "coalesce(max(seq), 0) + 1 FROM agent_writes WHERE thread = $1 AND checkpoint = $2), $3)",
            thread, checkpoint, body);
        return true;
      })
      .status();
}

Result<std::vector<std::string>> PgAgentTables::writes(const std::string& thread, std::int64_t checkpoint) {
  return store_.transact([&](pqxx::work& txn) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    for (const auto& r : txn.exec_params(
             "SELECT body FROM agent_writes WHERE thread = $1 AND checkpoint = $2 ORDER BY seq", thread,
             checkpoint))
      out.push_back(r[0].as<std::string>());
    return out;
  });
}

Status PgAgentTables::delete_writes(const std::string& thread, std::int64_t checkpoint) {
  return store_
      .transact([&](pqxx::work& txn) -> Result<bool> {
        txn.exec_params("DELETE FROM agent_writes WHERE thread = $1 AND checkpoint <= $2", thread, checkpoint);
        return true;
      })
      .status();
}

}  // namespace oiis::pg
