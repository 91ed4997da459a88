#include "agents/graph/state.h"

#include <cmath>
#include <optional>

namespace oiis::agents {

using nlohmann::json;

const char* value_type_name(ValueType type) {
  switch (type) {
    case ValueType::kString:
      return "string";
    case ValueType::kNumber:
      return "number";
    case ValueType::kInteger:
      return "integer";
    case ValueType::kBoolean:
      return "boolean";
    case ValueType::kObject:
      return "object";
    case ValueType::kArray:
      return "array";
    case ValueType::kAny:
      return "any";
  }
  return "?";
}

const char* reducer_name(Reducer reducer) {
  switch (reducer) {
    case Reducer::kReplace:
      return "replace";
    case Reducer::kAppend:
      return "append";
    case Reducer::kMerge:
      return "merge";
    case Reducer::kSum:
      return "sum";
  }
  return "?";
}

namespace {

bool fits(const json& value, ValueType type) {
  switch (type) {
    case ValueType::kString:
      return value.is_string();
    case ValueType::kNumber:
      return value.is_number();
    case ValueType::kInteger:
      return value.is_number_integer();
    case ValueType::kBoolean:
      return value.is_boolean();
    case ValueType::kObject:
      return value.is_object();
    case ValueType::kArray:
      return value.is_array();
    case ValueType::kAny:
      return true;
  }
  return false;
}

bool reducer_fits_type(Reducer reducer, ValueType type) {
  switch (reducer) {
    case Reducer::kReplace:
      return true;
    case Reducer::kAppend:
      return type == ValueType::kArray;
    case Reducer::kMerge:
      return type == ValueType::kObject;
    case Reducer::kSum:
      return type == ValueType::kNumber || type == ValueType::kInteger;
  }
  return false;
}

std::string json_type_name(const json& value) {
  if (value.is_number_integer()) return "integer";
  if (value.is_number()) return "number";
  return value.type_name();
}

}  // namespace

StateSchema& StateSchema::add(const std::string& key, ValueType type, Reducer reducer) {
  if (!status_.is_ok()) return *this;  // keep the first declaration error
  if (key.empty()) {
    status_ = invalid_argument("state key names must not be empty", "schema");
  } else if (keys_.count(key)) {
    status_ = already_exists("state key '" + key + "' is declared twice", key);
  } else if (!reducer_fits_type(reducer, type)) {
    status_ =
        invalid_argument(std::string("state key '") + key + "': reducer " + reducer_name(reducer) +
                             " does not fit type " + value_type_name(type),
                         key);
  } else {
    keys_.emplace(key, KeySpec{type, reducer});
  }
  return *this;
}

const KeySpec* StateSchema::find(const std::string& key) const {
  auto it = keys_.find(key);
  return it == keys_.end() ? nullptr : &it->second;
}

State StateSchema::initial_state() const {
  State state = json::object();
  for (const auto& [key, spec] : keys_) {
    if (spec.reducer == Reducer::kAppend) state[key] = json::array();
    if (spec.reducer == Reducer::kMerge) state[key] = json::object();
    if (spec.reducer == Reducer::kSum) state[key] = 0;
  }
  return state;
}

namespace {

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF): serialising a
// checkpoint with anything else would throw inside the store, far from the node that wrote it.
bool valid_utf8(const std::string& text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned c = *p;
    int extra = 0;
    unsigned min = 0, code = 0;
    if (c < 0x80) {
      ++p;
      continue;
    }
    if ((c & 0xE0) == 0xC0)
      extra = 1, min = 0x80, code = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      extra = 2, min = 0x800, code = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
      extra = 3, min = 0x10000, code = c & 0x07;
    else
      return false;
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    p += extra + 1;
  }
  return true;
}

struct BadValue {
  std::string path;  // below the value checked, e.g. "[3].score"
  const char* problem;
};

// The path is built only on the way back from a bad value: most updates are fine, and a path
// string per array element would cost more than the check.
std::optional<BadValue> find_bad(const json& value) {
  if (value.is_number_float()) {
    if (!std::isfinite(value.get<double>())) return BadValue{"", "is not a finite number"};
  } else if (value.is_string()) {
    if (!valid_utf8(value.get_ref<const std::string&>())) return BadValue{"", "is not valid UTF-8"};
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto bad = find_bad(value[i])) {
        bad->path = "[" + std::to_string(i) + "]" + bad->path;
        return bad;
      }
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (!valid_utf8(key)) return BadValue{"", "has a key that is not valid UTF-8"};
      if (auto bad = find_bad(item)) {
        bad->path = "." + key + bad->path;
        return bad;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

Status check_values(const json& value, const std::string& path) {
  if (auto bad = find_bad(value)) {
    const std::string where = path + bad->path;
    return invalid_argument(where + " " + bad->problem, where);
  }
  return Status::ok();
}

Status StateSchema::validate_update(const json& update) const {
  if (!update.is_object()) {
    return invalid_argument("a state update must be a JSON object, not " + json_type_name(update),
                            "update");
  }
  for (const auto& [key, value] : update.items()) {
    const KeySpec* spec = find(key);
    if (!spec) return invalid_argument("state key '" + key + "' is not declared", key);
    const bool ok = spec->reducer == Reducer::kReplace
                        ? value.is_null() || fits(value, spec->type)
                        : fits(value, spec->reducer == Reducer::kSum      ? spec->type
                                      : spec->reducer == Reducer::kAppend ? ValueType::kArray
                                                                          : ValueType::kObject);
    if (!ok) {
      return invalid_argument(std::string("state key '") + key + "' (" +
                                  value_type_name(spec->type) + ", " + reducer_name(spec->reducer) +
                                  ") cannot take a " + json_type_name(value),
                              key);
    }
    OIIS_RETURN_IF_ERROR(check_values(value, key));
  }
  return Status::ok();
}

void StateSchema::apply(State& state, const json& update, StateDelta& delta) const {
  for (const auto& [key, value] : update.items()) {
    const KeySpec& spec = keys_.at(key);
    json& current = state[key];
    switch (spec.reducer) {
      case Reducer::kReplace:
        if (current == value) continue;  // an unchanged value is no delta
        current = value;
        break;
      case Reducer::kAppend: {
        if (!current.is_array()) current = json::array();
        json& appended = delta.append[key];
        if (appended.is_null()) appended = json::array();
        for (const auto& item : value) {
          current.push_back(item);
          appended.push_back(item);
        }
        continue;  // recorded as appended elements, not as a new value
      }
      case Reducer::kMerge:
        if (!current.is_object()) current = json::object();
        current.update(value);
        break;
      case Reducer::kSum:
        // Integers stay integers so that counters do not turn into 3.0000000001.
        if (current.is_number_integer() && value.is_number_integer()) {
          current = current.get<std::int64_t>() + value.get<std::int64_t>();
        } else {
          current = (current.is_number() ? current.get<double>() : 0.0) + value.get<double>();
        }
        break;
    }
    delta.set[key] = current;
  }
}

void apply_delta(State& state, const StateDelta& delta) {
  for (const auto& [key, value] : delta.set.items()) state[key] = value;
  for (const auto& [key, items] : delta.append.items()) {
    json& current = state[key];
    if (!current.is_array()) current = json::array();
    for (const auto& item : items) current.push_back(item);
  }
}

Status StateSchema::check_subset_of(const StateSchema& parent) const {
  for (const auto& [key, spec] : keys_) {
    const KeySpec* theirs = parent.find(key);
    if (!theirs) return invalid_argument("subgraph key '" + key + "' is not in the parent", key);
    if (!(*theirs == spec)) {
      return invalid_argument("subgraph key '" + key + "' differs from the parent's (" +
                                  value_type_name(spec.type) + "/" + reducer_name(spec.reducer) +
                                  " vs " + value_type_name(theirs->type) + "/" +
                                  reducer_name(theirs->reducer) + ")",
                              key);
    }
  }
  return Status::ok();
}

}  // namespace oiis::agents
