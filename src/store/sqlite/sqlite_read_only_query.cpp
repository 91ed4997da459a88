// The read-only query on SQLite. SQLite's own parser does the checking: an authorizer admits
// only SELECTs that read the queryable tables (and the harmless functions), the statement must
// be one and read-only, and a progress handler stops it past its step or time budget. The
// authorizer and handler are removed again before the pooled connection is given back.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "store/sqlite/sqlite_agent_tables.h"

namespace oiis::sqlite {
namespace {

struct Guard {
  std::vector<std::string> hidden;  // stored tables a query may not read
  std::string refused;  // what the authorizer refused, for the error message
  std::int64_t steps_left = 0;
  std::chrono::steady_clock::time_point deadline;
  bool over_steps = false;
  bool over_time = false;
};

constexpr int kStepsPerCallback = 1000;

int authorize(void* user, int action, const char* a, const char*, const char*, const char*) {
  auto* g = static_cast<Guard*>(user);
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_READ: {
      std::string table = a ? a : "";
      // Names that are no stored table (a CTE's, a subquery's) are the query's own.
      bool hidden = table.rfind("sqlite_", 0) == 0 ||
                    std::find(g->hidden.begin(), g->hidden.end(), table) != g->hidden.end();
      if (!hidden) return SQLITE_OK;
      g->refused = "table '" + table + "' is not readable by queries";
      return SQLITE_DENY;
    }
    default:
      g->refused = "only SELECT statements are allowed (action " + std::to_string(action) + ")";
      return SQLITE_DENY;
  }
}

int progress(void* user) {
  auto* g = static_cast<Guard*>(user);
  g->steps_left -= kStepsPerCallback;
  if (g->steps_left < 0) return g->over_steps = true, 1;
  if (std::chrono::steady_clock::now() > g->deadline) return g->over_time = true, 1;
  return 0;
}

// Removes the guard from the connection whatever happens.
struct Installed {
  sqlite3* db;
  ~Installed() {
    sqlite3_set_authorizer(db, nullptr, nullptr);
    sqlite3_progress_handler(db, 0, nullptr, nullptr);
  }
};

void bind_param(sqlite3_stmt* st, int index, const nlohmann::json& v) {
  if (v.is_null()) sqlite3_bind_null(st, index);
  else if (v.is_boolean()) sqlite3_bind_int64(st, index, v.get<bool>() ? 1 : 0);
  else if (v.is_number_integer()) sqlite3_bind_int64(st, index, v.get<std::int64_t>());
  else if (v.is_number()) sqlite3_bind_double(st, index, v.get<double>());
  else {
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    sqlite3_bind_text(st, index, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
}

nlohmann::json cell(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER: return sqlite3_column_int64(st, col);
    case SQLITE_FLOAT: return sqlite3_column_double(st, col);
    case SQLITE_NULL: return nullptr;
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
      return std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(st, col)));
    }
  }
}

Status refusal(const Guard& g, sqlite3* db) {
  if (g.over_steps) return invalid_argument("the query exceeded its cost limit", "sql");
  if (g.over_time) return invalid_argument("the query exceeded its time limit", "sql");
  if (!g.refused.empty()) return invalid_argument(g.refused, "sql");
  return invalid_argument(std::string("the query failed: ") + sqlite3_errmsg(db), "sql");
}

Result<QueryTable> run_guarded(sqlite3* db, const std::string& sql,
                               const std::vector<nlohmann::json>& params,
                               const QueryLimits& limits) {
  Guard g;
  {
    sqlite3_stmt* list = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')", -1, &list, nullptr);
    while (list && sqlite3_step(list) == SQLITE_ROW) {
      std::string name = reinterpret_cast<const char*>(sqlite3_column_text(list, 0));
      const auto& allowed = queryable_tables();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) g.hidden.push_back(name);
    }
    sqlite3_finalize(list);
  }
  g.steps_left = limits.max_steps;
  g.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  Installed installed{db};
  sqlite3_set_authorizer(db, &authorize, &g);
  sqlite3_progress_handler(db, kStepsPerCallback, &progress, &g);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, &tail) != SQLITE_OK)
    return refusal(g, db);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, &sqlite3_finalize);
  if (!st) return invalid_argument("the query is empty", "sql");
  if (tail && std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos)
    return invalid_argument("one statement only", "sql");
  if (!sqlite3_stmt_readonly(st.get())) return invalid_argument("the query must not write", "sql");
  if (sqlite3_bind_parameter_count(st.get()) != static_cast<int>(params.size()))
    return invalid_argument("the query has " + std::to_string(sqlite3_bind_parameter_count(st.get())) +
                                " placeholders but " + std::to_string(params.size()) + " values",
                            "params");
  for (size_t i = 0; i < params.size(); ++i) bind_param(st.get(), static_cast<int>(i) + 1, params[i]);
  QueryTable out;
  int ncol = sqlite3_column_count(st.get());
  for (int c = 0; c < ncol; ++c) out.columns.emplace_back(sqlite3_column_name(st.get(), c));
  for (;;) {
    int rc = sqlite3_step(st.get());
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return refusal(g, db);
    if (static_cast<std::int64_t>(out.rows.size()) >= limits.max_rows) {
      out.truncated = true;
      break;
    }
    auto& row = out.rows.emplace_back();
    for (int c = 0; c < ncol; ++c) row.push_back(cell(st.get(), c));
  }
  return out;
}

}  // namespace

Result<QueryTable> SqliteAgentTables::read_only_query(const std::string& sql,
                                                      const std::vector<nlohmann::json>& params,
                                                      const QueryLimits& limits) {
  return readers_.run([&](Connection& c) { return run_guarded(c.handle(), sql, params, limits); });
}

}  // namespace oiis::sqlite
