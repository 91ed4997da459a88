// The state of a graph run: one JSON object whose keys a StateSchema declares. Each key has a
// type and a reducer saying how a node's update combines with the current value. Updates are
// checked before they touch the state, so a bad write fails in the node that made it, with the
// path of the offending value ("messages[3].score") in the Status's message and field().
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace oiis::agents {

using State = nlohmann::json;

enum class ValueType { kString, kNumber, kInteger, kBoolean, kObject, kArray, kAny };

enum class Reducer {
  kReplace,  // the update's value replaces the key (one writer per step, else a conflict)
  kAppend,   // array: the update's elements are appended
  kMerge,    // object: the update's keys are set, the others kept (shallow)
  kSum,      // number: the update is added
};

const char* value_type_name(ValueType type);
const char* reducer_name(Reducer reducer);

struct KeySpec {
  ValueType type = ValueType::kAny;
  Reducer reducer = Reducer::kReplace;
  bool operator==(const KeySpec&) const = default;
};

// What one merge of updates changed: the new value of every replaced/merged/summed key, and
// only the new elements of appended keys. Checkpoints store this instead of the whole state.
struct StateDelta {
  nlohmann::json set = nlohmann::json::object();
  nlohmann::json append = nlohmann::json::object();
  bool empty() const { return set.empty() && append.empty(); }
};

class StateSchema {
 public:
  // Declares a key. A reducer that does not fit the type (append on a string, ...) or a key
  // declared twice is remembered and reported by status() (and by Graph::compile), so that
  // declarations can be chained.
  StateSchema& add(const std::string& key, ValueType type, Reducer reducer = Reducer::kReplace);

  const Status& status() const { return status_; }
  const KeySpec* find(const std::string& key) const;
  const std::map<std::string, KeySpec>& keys() const { return keys_; }

  // The state a new thread starts from: [] for append keys, {} for merge keys, 0 for sum keys;
  // replace keys are absent until written.
  State initial_state() const;

  // An update is an object of declared keys whose values fit the key (an array for append, an
  // object for merge, a number for sum, the declared type or null for replace) and hold no NaN
  // or infinite number and no invalid UTF-8 at any depth.
  Status validate_update(const nlohmann::json& update) const;

  // Applies an already validated update with the keys' reducers and records what changed.
  void apply(State& state, const nlohmann::json& update, StateDelta& delta) const;

  // Every key of this schema is declared in `parent` with the same type and reducer.
  Status check_subset_of(const StateSchema& parent) const;

 private:
  std::map<std::string, KeySpec> keys_;
  Status status_;
};

// Applies a checkpoint delta (the inverse of what apply() recorded) to rebuild a state.
void apply_delta(State& state, const StateDelta& delta);

// Fails on the first NaN or infinite number, or string (or key) that is not valid UTF-8, inside
// `value`, naming its path under `path` ("messages[3].score").
Status check_values(const nlohmann::json& value, const std::string& path);

}  // namespace oiis::agents
