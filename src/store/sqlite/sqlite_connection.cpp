#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int code = db ? sqlite3_extended_errcode(db) : rc;
  throw SqliteError(code, message);
}

namespace {

// "UNIQUE constraint failed: products.sku" -> "sku"; composite keys name the first column.
std::string unique_column(const std::string& message) {
  auto colon = message.rfind("failed: ");
  if (colon == std::string::npos) return {};
  std::string cols = message.substr(colon + 8);
  auto comma = cols.find(',');
  if (comma != std::string::npos) cols.resize(comma);
  auto dot = cols.find('.');
  return dot == std::string::npos ? cols : cols.substr(dot + 1);
}

}  // namespace

Status to_status(const SqliteError& e) {
  switch (e.code()) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: {
      std::string field = unique_column(e.what());
      return already_exists((field.empty() ? std::string("value") : field) + " already exists",
                            field);
    }
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return invalid_argument("a referenced entity does not exist");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return invalid_argument(e.what());
    default:
      break;
  }
  switch (e.code() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return unavailable(std::string("database busy: ") + e.what());
    default:
      return internal_error(std::string("sqlite: ") + e.what());
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_error(db, rc, "prepare '" + std::string(sql) + "'");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

namespace {
void check_bind(sqlite3* db, int rc) {
  // SQLITE_RANGE: a placeholder the statement does not use. Row mappings bind every column
  // and some statements (UPDATEs leaving created_at alone) use only some of them.
  if (rc != SQLITE_OK && rc != SQLITE_RANGE) throw_error(db, rc, "bind");
}
}  // namespace

void Statement::bind(int index, std::int64_t v) {
  check_bind(db_, sqlite3_bind_int64(stmt_, index, v));
}
void Statement::bind(int index, double v) {
  check_bind(db_, sqlite3_bind_double(stmt_, index, v));
}
void Statement::bind(int index, std::string_view v) {
  check_bind(
      db_, sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
}
void Statement::bind(int index, std::nullptr_t) {
  check_bind(db_, sqlite3_bind_null(stmt_, index));
}
void Statement::bind(int index, const SqlValue& v) {
  std::visit([&](const auto& x) { bind(index, x); }, v);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_error(db_, rc, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}
std::int64_t Statement::int64(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
double Statement::real(int col) const {
  return sqlite3_column_double(stmt_, col);
}
std::string Statement::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::optional<std::int64_t> Statement::optional_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Connection::Connection(const std::string& path, int flags) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    throw SqliteError(rc, "open '" + path + "': " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close_v2(db_);
}

void Connection::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw SqliteError(sqlite3_extended_errcode(db_), "exec: " + message);
  }
}

StatementLease Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  return StatementLease(*it->second);
}

}  // namespace oiis::sqlite
