// RAII wrappers over the SQLite C API: a connection with a prepared-statement cache, and
// statements that bind and read typed values. Errors are thrown as SqliteError inside the
// sqlite backend and turned into Status at the Store boundary (see to_status).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/status.h"

namespace oiis::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }  // extended result code
 private:
  int code_;
};

// Maps an SQLite failure to the Store's error vocabulary: UNIQUE -> kAlreadyExists naming the
// column, foreign key / CHECK -> kInvalidArgument, BUSY/LOCKED -> kUnavailable, else kInternal.
Status to_status(const SqliteError& e);

// A value bound to a `?` placeholder by dynamically built (but value-free) queries.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding, 1-based like SQLite. Empty optionals bind NULL.
  void bind(int index, std::int64_t v);
  void bind(int index, int v) { bind(index, static_cast<std::int64_t>(v)); }
  void bind(int index, bool v) { bind(index, static_cast<std::int64_t>(v ? 1 : 0)); }
  void bind(int index, double v);
  void bind(int index, std::string_view v);
  void bind(int index, const std::string& v) { bind(index, std::string_view(v)); }
  void bind(int index, const char* v) { bind(index, std::string_view(v)); }
  void bind(int index, std::nullptr_t);
  void bind(int index, const SqlValue& v);
  template <typename T>
  void bind(int index, const std::optional<T>& v) {
    if (v)
      bind(index, *v);
    else
      bind(index, nullptr);
  }
  // Binds args to ?1, ?2, ...
  template <typename... Args>
  void bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
  }

  // Advances; true when a row is available. Throws SqliteError on failure.
  bool step();
  // Runs to completion, ignoring rows.
  void run();
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::int64_t> optional_int64(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A cached statement checked out for one use; resets it (ending any implicit read) on scope exit.
class StatementLease {
 public:
  explicit StatementLease(Statement& s) : s_(&s) {}
  ~StatementLease() { s_->reset(); }
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  Statement* operator->() { return s_; }
  Statement& operator*() { return *s_; }

 private:
  Statement* s_;
};

class Connection {
 public:
  // `flags` as for sqlite3_open_v2; the connection is used by one thread at a time.
  Connection(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL text without values (schema, PRAGMAs); may contain several statements.
  void exec(const std::string& sql);
  // Returns the cached prepared statement for `sql`, preparing it on first use. Takes a
  // statement text, never values: callers bind values.
  StatementLease prepare(std::string_view sql);
  // Convenience: prepare, bind, run; returns the number of rows changed.
  template <typename... Args>
  int run(std::string_view sql, const Args&... args) {
    auto s = prepare(sql);
    s->bind_all(args...);
    s->run();
    return changes();
  }
  // Single integer result of a query, or nullopt when it returns no row / NULL.
  template <typename... Args>
  std::optional<std::int64_t> query_int(std::string_view sql, const Args&... args) {
    auto s = prepare(sql);
    s->bind_all(args...);
    if (!s->step() || s->is_null(0)) return std::nullopt;
    return s->int64(0);
  }

  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, TextHash, std::equal_to<>> cache_;
};

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context);

}  // namespace oiis::sqlite
