#include "store/sqlite/sqlite_agent_tables.h"

#include "store/model_tables_checks.h"

namespace oiis::sqlite {
namespace {

AgentThread read_thread(const Statement& s) {
  return AgentThread{s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4)};
}

constexpr std::string_view kThreadColumns = "id, title, owner, created_at, updated_at";

}  // namespace

Status SqliteAgentTables::save_thread(const AgentThread& t) {
  return write([&](Connection& c) -> Result<bool> {
    c.run("INSERT INTO agent_threads (id, title, owner, created_at, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
          "updated_at = excluded.updated_at",
          t.id, t.title, t.owner, t.created_at, t.updated_at);
    return true;
  }).status();
}

Result<AgentThread> SqliteAgentTables::get_thread(const std::string& id) {
  return readers_.run([&](Connection& c) -> Result<AgentThread> {
    static const std::string sql =
        "SELECT " + std::string(kThreadColumns) + " FROM agent_threads WHERE id = ?1";
    auto s = c.prepare(sql);
    s->bind_all(id);
    if (!s->step()) return not_found("thread " + id + " not found", "thread");
    return read_thread(*s);
  });
}

Result<std::vector<AgentThread>> SqliteAgentTables::list_threads(int limit) {
  return readers_.run([&](Connection& c) -> Result<std::vector<AgentThread>> {
    static const std::string sql = "SELECT " + std::string(kThreadColumns) +
                                   " FROM agent_threads ORDER BY updated_at DESC, id LIMIT ?1";
    auto s = c.prepare(sql);
    s->bind_all(model_tables::clamp_limit(limit));
    std::vector<AgentThread> out;
    while (s->step()) out.push_back(read_thread(*s));
    return out;
  });
}

Status SqliteAgentTables::delete_thread(const std::string& id) {
  return write([&](Connection& c) -> Result<bool> {
    c.run("DELETE FROM agent_checkpoints WHERE thread = ?1", id);
    c.run("DELETE FROM agent_writes WHERE thread = ?1", id);
    if (c.run("DELETE FROM agent_threads WHERE id = ?1", id) == 0)
      return not_found("thread " + id + " not found", "thread");
    return true;
  }).status();
}

Status SqliteAgentTables::put_checkpoint(const StoredCheckpoint& cp) {
  return write([&](Connection& c) -> Result<bool> {
    c.run("INSERT INTO agent_checkpoints (thread, seq, body) VALUES (?1, ?2, ?3)", cp.thread,
          cp.seq, cp.body);
    return true;
  }).status();
}

Status SqliteAgentTables::delete_checkpoints(const std::string& thread,
                                             const std::vector<std::int64_t>& seqs) {
  return write([&](Connection& c) -> Result<bool> {
    for (auto seq : seqs)
      c.run("DELETE FROM agent_checkpoints WHERE thread = ?1 AND seq = ?2", thread, seq);
    return true;
  }).status();
}

Result<std::vector<StoredCheckpoint>> SqliteAgentTables::checkpoints_from(const std::string& thread,
                                                                          std::int64_t from_seq) {
  return readers_.run([&](Connection& c) -> Result<std::vector<StoredCheckpoint>> {
    auto s = c.prepare("SELECT seq, body FROM agent_checkpoints WHERE thread = ?1 AND seq >= ?2 ORDER BY seq");
    s->bind_all(thread, from_seq);
    std::vector<StoredCheckpoint> out;
    while (s->step()) out.push_back(StoredCheckpoint{thread, s->int64(0), s->text(1)});
    return out;
  });
}

Result<std::optional<StoredCheckpoint>> SqliteAgentTables::last_checkpoint(const std::string& thread) {
  return readers_.run([&](Connection& c) -> Result<std::optional<StoredCheckpoint>> {
    auto s = c.prepare("SELECT seq, body FROM agent_checkpoints WHERE thread = ?1 ORDER BY seq DESC LIMIT 1");
    s->bind_all(thread);
    if (!s->step()) return std::optional<StoredCheckpoint>();
    return std::optional<StoredCheckpoint>(StoredCheckpoint{thread, s->int64(0), s->text(1)});
  });
}

Status SqliteAgentTables::put_write(const std::string& thread, std::int64_t checkpoint, const std::string& body) {
  return write([&](Connection& c) -> Result<bool> {
    c.run("INSERT INTO agent_writes (thread, checkpoint, seq, body) VALUES (?1, ?2, (SELECT "
          "coalesce(max(seq), 0) + 1 FROM agent_writes WHERE thread = ?1 AND checkpoint = ?2), ?3)",
          thread, checkpoint, body);
    return true;
  }).status();
}

Result<std::vector<std::string>> SqliteAgentTables::writes(const std::string& thread, std::int64_t checkpoint) {
  return readers_.run([&](Connection& c) -> Result<std::vector<std::string>> {
    auto s = c.prepare("SELECT body FROM agent_writes WHERE thread = ?1 AND checkpoint = ?2 ORDER BY seq");
    s->bind_all(thread, checkpoint);
    std::vector<std::string> out;
    while (s->step()) out.push_back(s->text(0));
    return out;
  });
}

Status SqliteAgentTables::delete_writes(const std::string& thread, std::int64_t checkpoint) {
  return write([&](Connection& c) -> Result<bool> {
    c.run("DELETE FROM agent_writes WHERE thread = ?1 AND checkpoint <= ?2", thread, checkpoint);
    return true;
  }).status();
}

}  // namespace oiis::sqlite
