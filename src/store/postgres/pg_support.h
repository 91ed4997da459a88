// Internals of the PostgreSQL backend shared by its translation units: exception -> Status
// mapping, cursors, the row reader and the WHERE builder. Not part of the public API.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/types.h"

// std::optional parameters bind as NULL when empty: libpqxx 6.4 provides string_traits for
// them (pqxx/internal/type_utils.hxx).

namespace oiis::pg {

// Maps a libpqxx (or other) exception to a Status: unique violations -> kAlreadyExists and
// foreign-key violations -> kNotFound, both naming the column from the constraint name;
// lost connections -> kUnavailable; everything else -> kInternal.
Status status_from_exception(const std::exception& e);

// Page cursors are the last id returned, as decimal text; "" means from the start.
Result<Id> decode_cursor(const std::string& cursor);
std::string encode_cursor(Id last_id);
int clamp_limit(int limit);

// Reads the columns of a row left to right, so mappers list fields in SELECT order once.
class RowReader {
 public:
  explicit RowReader(const pqxx::row& row) : row_(row) {}
  std::int64_t i64() { return row_[col_++].as<std::int64_t>(); }
  double f64() { return row_[col_++].as<double>(); }
  bool boolean() { return row_[col_++].as<bool>(); }
  std::string str() { return row_[col_++].as<std::string>(); }
  std::optional<std::int64_t> opt_i64() {
    const auto& f = row_[col_++];
    if (f.is_null()) return std::nullopt;
    return f.as<std::int64_t>();
  }

 private:
  const pqxx::row& row_;
  pqxx::row::size_type col_ = 0;
};

// Collects a WHERE clause and its parameters for the filtered list queries.
class Where {
 public:
  // Each `$?` in `condition` is bound to the next of `values`, left to right.
  template <typename... T>
  Where& add(std::string condition, const T&... values) {
    (bind(condition, pqxx::to_string(values)), ...);
    clauses_.push_back(std::move(condition));
    return *this;
  }
  std::string sql() const;  // "" or " WHERE a AND b"
  // The parameters for exec_params, in order.
  auto params() const { return pqxx::prepare::make_dynamic_params(params_); }

 private:
  void bind(std::string& condition, std::string value);

  std::vector<std::string> clauses_;
  std::vector<std::string> params_;
};

// "%text%" for ILIKE with the LIKE wildcards in `text` escaped.
std::string like_pattern(const std::string& text);

}  // namespace oiis::pg
