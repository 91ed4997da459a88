// Strict reading of a JSON object into typed fields, for request bodies and JSON Lines rows.
// The first problem wins and names its field; finish() also rejects keys nobody asked for,
// so a misspelt field is an error instead of silently ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "common/time.h"

namespace oiis {

class JsonObjectReader {
 public:
  // `prefix` is prepended to field names in errors ("lines[2]." -> "lines[2].quantity").
  // The reader keeps a reference to `object`, so it must outlive the reader.
  explicit JsonObjectReader(const nlohmann::json& object, std::string prefix = {});
  JsonObjectReader(nlohmann::json&& object, std::string prefix = {}) = delete;

  // Each reader leaves `out` untouched when the key is absent (or null, for optionals) and
  // records an error when `required` and absent, or when the value has the wrong type.
  JsonObjectReader& text(const char* key, std::string& out, bool required = false);
  JsonObjectReader& number(const char* key, double& out, bool required = false);
  JsonObjectReader& number(const char* key, std::optional<double>& out);
  JsonObjectReader& integer(const char* key, std::int64_t& out, bool required = false);
  JsonObjectReader& integer(const char* key, std::optional<std::int64_t>& out);
  JsonObjectReader& boolean(const char* key, bool& out, bool required = false);
  // Accepts an ISO-8601 string (see parse_timestamp) or integer unix seconds, within the
  // window of input_limits() (check_time).
  JsonObjectReader& timestamp(const char* key, Timestamp& out, bool required = false);
  JsonObjectReader& timestamp(const char* key, std::optional<Timestamp>& out);
  // Any JSON object, kept serialised.
  JsonObjectReader& object_text(const char* key, std::string& out);
  // Marks a key as known without reading it (the caller handles it, e.g. an array).
  JsonObjectReader& known(const char* key);

  bool has(const char* key) const;
  const nlohmann::json* get(const char* key);  // marks known; nullptr when absent/null
  std::string field(const char* key) const { return prefix_ + key; }

  // OK, or the first error: not an object, missing/wrong-typed field, or an unknown key.
  Status finish();
  const Status& status() const { return status_; }

 private:
  const nlohmann::json* lookup(const char* key, bool required);
  void fail(const char* key, const std::string& why);

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string> known_;
  Status status_;
};

// Parses text as JSON within input_limits() (depth, string length, UTF-8, finite numbers);
// kInvalidArgument naming `field` and the byte position on failure. Never throws.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& field = "body");

}  // namespace oiis
