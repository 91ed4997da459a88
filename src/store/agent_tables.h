// The assistant's tables (migration sqlite 005 / postgres 004): conversation threads and their
// graph checkpoints, kept as opaque JSON bodies that agents/ writes and reads back; and the
// read-only, checked query the Business Intelligence tools ask their questions of the data with.
//
// Writes here never change Store::data_version(): a conversation is not business data.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

struct AgentThread {
  std::string id;        // chosen by the caller (a UUID-like token)
  std::string title;     // the first question, or a name the user gave it
  std::string owner;     // the API key's name that started it ("" on the CLI)
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct StoredCheckpoint {
  std::string thread;
  std::int64_t seq = 0;  // ascending within a thread
  std::string body;      // JSON written by agents/ (a delta or a full snapshot)
};

// Bounds on a read-only query. `max_steps` counts SQLite virtual-machine steps (on PostgreSQL the
// planner's total cost is held to `max_cost` and the statement to `timeout_ms`).
struct QueryLimits {
  std::int64_t max_rows = 1000;
  std::int64_t max_steps = 200'000'000;
  double max_cost = 5'000'000;
  int timeout_ms = 5000;
};

// A query's result: column names and rows of JSON scalars (null, integer, real, text).
struct QueryTable {
  std::vector<std::string> columns;
  std::vector<std::vector<nlohmann::json>> rows;
  bool truncated = false;  // more rows than max_rows existed
};

// The tables a read-only query may read: the business data, never keys, the outbox, jobs or
// the assistant's own threads.
const std::vector<std::string>& queryable_tables();

class AgentTables {
 public:
  virtual ~AgentTables() = default;

  // Creates the thread or updates its title and updated_at.
  virtual Status save_thread(const AgentThread& t) = 0;
  virtual Result<AgentThread> get_thread(const std::string& id) = 0;
  // Most recently updated first.
  virtual Result<std::vector<AgentThread>> list_threads(int limit) = 0;
  // The thread and all its checkpoints; kNotFound when there is no such thread.
  virtual Status delete_thread(const std::string& id) = 0;

  // Adds a checkpoint (kAlreadyExists when (thread, seq) is taken).
  virtual Status put_checkpoint(const StoredCheckpoint& c) = 0;
  // A thread's checkpoints in ascending seq (empty when none).
  Result<std::vector<StoredCheckpoint>> checkpoints(const std::string& thread) {
    return checkpoints_from(thread, std::numeric_limits<std::int64_t>::min());
  }
  virtual Status delete_checkpoints(const std::string& thread,
                                    const std::vector<std::int64_t>& seqs) = 0;
  // The checkpoints with seq >= from_seq, ascending; and the last one (nullopt: none).
  virtual Result<std::vector<StoredCheckpoint>> checkpoints_from(const std::string& thread,
                                                                 std::int64_t from_seq) = 0;
  virtual Result<std::optional<StoredCheckpoint>> last_checkpoint(const std::string& thread) = 0;

  // A step's finished node outputs recorded before its checkpoint (so that a resumed run does
  // not run them again): bodies in the order put, per (thread, checkpoint seq).
  virtual Status put_write(const std::string& thread, std::int64_t checkpoint, const std::string& body) = 0;
  virtual Result<std::vector<std::string>> writes(const std::string& thread, std::int64_t checkpoint) = 0;
  // Drops the writes of every checkpoint up to and including `checkpoint`.
  virtual Status delete_writes(const std::string& thread, std::int64_t checkpoint) = 0;

  // Runs one SELECT on a read-only connection: the statement must read only
  // queryable_tables(), write nothing, and stay within `limits`; `params` bind to `?`
  // placeholders in order. The error names what was refused (a table, a second statement,
  // a write, the step or cost limit).
  virtual Result<QueryTable> read_only_query(const std::string& sql,
                                             const std::vector<nlohmann::json>& params,
                                             const QueryLimits& limits) = 0;
};

}  // namespace oiis
