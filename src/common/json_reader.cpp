#include "common/json_reader.h"

#include <cmath>
#include <limits>

#include "common/input_limits.h"

namespace oiis {

JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object())
    status_ = invalid_argument("expected a JSON object", prefix_.empty() ? "body" : prefix_);
}

void JsonObjectReader::fail(const char* key, const std::string& why) {
  if (status_.is_ok()) status_ = invalid_argument(field(key) + " " + why, field(key));
}

const nlohmann::json* JsonObjectReader::lookup(const char* key, bool required) {
  known_.insert(key);
  if (!status_.is_ok()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) {
    if (required) fail(key, "is required");
    return nullptr;
  }
  return &*it;
}

bool JsonObjectReader::has(const char* key) const {
  return object_.is_object() && object_.contains(key) && !object_.at(key).is_null();
}

const nlohmann::json* JsonObjectReader::get(const char* key) { return lookup(key, false); }

JsonObjectReader& JsonObjectReader::known(const char* key) {
  known_.insert(key);
  return *this;
}

JsonObjectReader& JsonObjectReader::text(const char* key, std::string& out, bool required) {
  if (const auto* v = lookup(key, required)) {
    if (v->is_string())
      out = v->get<std::string>();
    else
      fail(key, "must be a string");
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::number(const char* key, double& out, bool required) {
  if (const auto* v = lookup(key, required)) {
    if (v->is_number() && std::isfinite(v->get<double>()))
      out = v->get<double>();
    else
      fail(key, "must be a number");
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::number(const char* key, std::optional<double>& out) {
  double value = 0;
  if (has(key)) {
    number(key, value, true);
    if (status_.is_ok()) out = value;
  } else {
    known_.insert(key);
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::integer(const char* key, std::int64_t& out, bool required) {
  if (const auto* v = lookup(key, required)) {
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
      fail(key, "is out of range");  // would wrap to a negative id or quantity
    else if (v->is_number_integer())
      out = v->get<std::int64_t>();
    else if (v->is_number_float() && v->get<double>() == std::floor(v->get<double>()) &&
             std::fabs(v->get<double>()) < 9e15)
      out = static_cast<std::int64_t>(v->get<double>());
    else
      fail(key, "must be an integer");
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::integer(const char* key, std::optional<std::int64_t>& out) {
  std::int64_t value = 0;
  if (has(key)) {
    integer(key, value, true);
    if (status_.is_ok()) out = value;
  } else {
    known_.insert(key);
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::boolean(const char* key, bool& out, bool required) {
  if (const auto* v = lookup(key, required)) {
    if (v->is_boolean())
      out = v->get<bool>();
    else
      fail(key, "must be true or false");
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::timestamp(const char* key, Timestamp& out, bool required) {
  if (const auto* v = lookup(key, required)) {
    std::optional<Timestamp> read;
    if (v->is_number_integer() && !v->is_number_unsigned()) {
      read = v->get<std::int64_t>();
    } else if (v->is_number_unsigned()) {
      fail(key, "is out of range");
    } else if (v->is_string()) {
      auto ts = parse_timestamp(v->get<std::string>());
      if (ts)
        read = *ts;
      else
        fail(key, "must be an ISO-8601 date/time: " + ts.status().message());
    } else {
      fail(key, "must be an ISO-8601 string or unix seconds");
    }
    if (read) {
      if (Status in_window = check_time(*read, field(key)); in_window.is_ok())
        out = *read;
      else if (status_.is_ok())
        status_ = in_window;
    }
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::timestamp(const char* key, std::optional<Timestamp>& out) {
  Timestamp value = 0;
  if (has(key)) {
    timestamp(key, value, true);
    if (status_.is_ok()) out = value;
  } else {
    known_.insert(key);
  }
  return *this;
}

JsonObjectReader& JsonObjectReader::object_text(const char* key, std::string& out) {
  if (const auto* v = lookup(key, false)) {
    if (v->is_object())
      out = v->dump();
    else
      fail(key, "must be a JSON object");
  }
  return *this;
}

Status JsonObjectReader::finish() {
  if (!status_.is_ok()) return status_;
  for (const auto& [key, value] : object_.items()) {
    if (!known_.count(key))
      return invalid_argument("unknown field '" + prefix_ + key + "'", prefix_ + key);
  }
  return Status::ok();
}

namespace {

// Checks nesting depth and string lengths before nlohmann::json builds anything: its
// serialiser and destructor recurse per level, so a 60k-deep document overflows the stack,
// and a multi-megabyte string is never a legitimate field. One linear pass, no allocation.
Status check_json_shape(std::string_view text, const std::string& field) {
  const InputLimits& limits = input_limits();
  int depth = 0;
  bool in_string = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      if (in_string && i - string_start > limits.max_json_string_bytes)
        return invalid_argument("a JSON string at byte " + std::to_string(string_start) +
                                    " is longer than " +
                                    std::to_string(limits.max_json_string_bytes) + " bytes",
                                field);
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_start = i;
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_json_depth)
        return invalid_argument("JSON nested deeper than " +
                                    std::to_string(limits.max_json_depth) + " levels at byte " +
                                    std::to_string(i),
                                field);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return Status::ok();
}

}  // namespace

Result<nlohmann::json> parse_json(std::string_view text, const std::string& field) {
  if (!is_valid_utf8(text)) return invalid_argument(field + " is not valid UTF-8", field);
  OIIS_RETURN_IF_ERROR(check_json_shape(text, field));
  // Messages are our own words: the library's ("[json.exception.parse_error.101] ...") name
  // its internals and may quote the caller's bytes back.
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return invalid_argument("malformed JSON at byte " + std::to_string(e.byte), field);
  } catch (const nlohmann::json::out_of_range&) {
    return invalid_argument("a number in the JSON is out of range (e.g. 1e309)", field);
  } catch (const nlohmann::json::exception&) {
    return invalid_argument("malformed JSON", field);
  }
}

}  // namespace oiis
