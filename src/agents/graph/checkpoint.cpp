#include "agents/graph/checkpoint.h"

#include <algorithm>
#include <limits>

namespace oiis::agents {

using nlohmann::json;

namespace {

// from_json reads text that this code wrote, but a store may hand back anything (a truncated
// column, a hand-edited row): every field is checked so that a bad row is an error, not a throw.
Status require(const json& object, const char* key, json::value_t type) {
  auto it = object.find(key);
  const bool ok =
      it != object.end() &&
      (it->type() == type || (type == json::value_t::number_integer && it->is_number_integer()));
  if (!ok)
    return invalid_argument(std::string("checkpoint field '") + key + "' is missing or mistyped",
                            key);
  return Status::ok();
}

Result<std::vector<std::string>> string_list(const json& value, const char* what) {
  if (!value.is_array()) return invalid_argument(std::string(what) + " must be an array", what);
  std::vector<std::string> out;
  for (const auto& item : value) {
    if (!item.is_string()) return invalid_argument(std::string(what) + " must hold strings", what);
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status read_interrupt(const json& value, Checkpoint& cp) {
  if (!value.is_object() || !value.contains("node") || !value["node"].is_string()) {
    return invalid_argument("checkpoint interrupt must name its node", "interrupt");
  }
  Interrupt in;
  in.node = value["node"].get<std::string>();
  in.path = value.value("path", in.node);
  in.payload = value.value("payload", json());
  if (value.contains("child") && value["child"].is_number_integer()) {
    in.child_checkpoint = value["child"].get<std::int64_t>();
  }
  cp.interrupt = std::move(in);
  return Status::ok();
}

Status read_body(const json& value, Checkpoint& cp) {
  if (cp.full) {
    if (!value.contains("values") || !value["values"].is_object()) {
      return invalid_argument("a full checkpoint needs its values", "values");
    }
    cp.values = value["values"];
  } else {
    if (value.contains("set")) cp.delta.set = value["set"];
    if (value.contains("append")) cp.delta.append = value["append"];
    if (!cp.delta.set.is_object() || !cp.delta.append.is_object()) {
      return invalid_argument("checkpoint delta must be objects", "set");
    }
    for (const auto& [key, items] : cp.delta.append.items()) {
      if (!items.is_array())
        return invalid_argument("appended items must be arrays", "append." + key);
    }
  }
  return Status::ok();
}

}  // namespace

json PendingWrite::to_json() const {
  return json{{"node", node}, {"update", update}};
}

Result<PendingWrite> PendingWrite::from_json(const json& value) {
  if (!value.is_object()) return invalid_argument("a pending write must be an object", "write");
  OIIS_RETURN_IF_ERROR(require(value, "node", json::value_t::string));
  OIIS_RETURN_IF_ERROR(require(value, "update", json::value_t::object));
  return PendingWrite{value["node"].get<std::string>(), value["update"]};
}

namespace {

// Every field but `values`, which to_json and dump add each their own way.
json head_json(const Checkpoint& cp) {
  json out = {{"id", cp.id},
              {"parent", cp.parent_id},
              {"step", cp.step},
              {"full", cp.full},
              {"next", cp.next}};
  const StateDelta& delta = cp.delta;
  const auto& writes = cp.writes;
  const auto& interrupt = cp.interrupt;
  // Empty parts are left out: most checkpoints are a small delta and a next node.
  if (!cp.full) {
    if (!delta.set.empty()) out["set"] = delta.set;
    if (!delta.append.empty()) out["append"] = delta.append;
  }
  if (!writes.empty()) {
    json list = json::array();
    for (const auto& w : writes) list.push_back(w.to_json());
    out["writes"] = std::move(list);
  }
  if (interrupt) {
    out["interrupt"] = {
        {"node", interrupt->node}, {"path", interrupt->path}, {"payload", interrupt->payload}};
    if (interrupt->child_checkpoint >= 0) out["interrupt"]["child"] = interrupt->child_checkpoint;
  }
  if (!cp.forked_from.empty()) out["forked_from"] = cp.forked_from;
  return out;
}

}  // namespace

json Checkpoint::to_json() const {
  json out = head_json(*this);
  if (full) out["values"] = values;
  return out;
}

std::string Checkpoint::dump() const {
  std::string text = head_json(*this).dump();
  if (!full) return text;
  text.pop_back();  // the closing brace; the head is never empty
  text += ",\"values\":";
  text += values.dump();
  text += '}';
  return text;
}

Result<Checkpoint> Checkpoint::from_json(const json& value) {
  if (!value.is_object())
    return invalid_argument("a checkpoint must be a JSON object", "checkpoint");
  OIIS_RETURN_IF_ERROR(require(value, "id", json::value_t::number_integer));
  OIIS_RETURN_IF_ERROR(require(value, "parent", json::value_t::number_integer));
  OIIS_RETURN_IF_ERROR(require(value, "step", json::value_t::number_integer));
  OIIS_RETURN_IF_ERROR(require(value, "full", json::value_t::boolean));
  Checkpoint cp;
  cp.id = value["id"].get<std::int64_t>();
  cp.parent_id = value["parent"].get<std::int64_t>();
  cp.step = value["step"].get<int>();
  cp.full = value["full"].get<bool>();
  OIIS_RETURN_IF_ERROR(read_body(value, cp));
  auto next = string_list(value.value("next", json::array()), "next");
  if (!next) return next.status();
  cp.next = std::move(*next);
  if (value.contains("writes")) {
    if (!value["writes"].is_array()) return invalid_argument("writes must be an array", "writes");
    for (const auto& item : value["writes"]) {
      auto w = PendingWrite::from_json(item);
      if (!w) return w.status();
      cp.writes.push_back(std::move(*w));
    }
  }
  if (value.contains("interrupt")) OIIS_RETURN_IF_ERROR(read_interrupt(value["interrupt"], cp));
  if (value.contains("forked_from") && value["forked_from"].is_string()) {
    cp.forked_from = value["forked_from"].get<std::string>();
  }
  return cp;
}

// --- CheckpointStore defaults ------------------------------------------------------------

Result<std::vector<Checkpoint>> CheckpointStore::list_from(const std::string& thread,
                                                           std::int64_t from_id) const {
  auto all = list(thread);
  if (!all) return all.status();
  std::vector<Checkpoint> out;
  for (auto& cp : *all) {
    if (cp.id >= from_id) out.push_back(std::move(cp));
  }
  return out;
}

Result<std::optional<Checkpoint>> CheckpointStore::last(const std::string& thread) const {
  auto all = list(thread);
  if (!all) return all.status();
  if (all->empty()) return std::optional<Checkpoint>();
  return std::optional<Checkpoint>(std::move(all->back()));
}

// --- MemoryCheckpointStore ---------------------------------------------------------------

Status MemoryCheckpointStore::put(const std::string& thread, const Checkpoint& checkpoint) {
  std::string text = checkpoint.dump();
  std::lock_guard lock(mutex_);
  auto& cps = threads_[thread].checkpoints;
  const std::int64_t expected = cps.empty() ? 0 : cps.rbegin()->first + 1;
  // A fresh thread may start above 0 only in the sense that compaction removed its head; a put
  // must always extend the thread, never overwrite or leave a gap.
  if (checkpoint.id != expected) {
    return conflict("checkpoint " + std::to_string(checkpoint.id) + " of thread '" + thread +
                        "' is not the next one (" + std::to_string(expected) + ")",
                    "id");
  }
  cps.emplace(checkpoint.id, std::move(text));
  return Status::ok();
}

namespace {

Result<Checkpoint> parse_checkpoint(const std::string& text) {
  return Checkpoint::from_json(json::parse(text, nullptr, /*allow_exceptions=*/false));
}

}  // namespace

Result<std::vector<Checkpoint>> MemoryCheckpointStore::list(const std::string& thread) const {
  return list_from(thread, std::numeric_limits<std::int64_t>::min());
}

Result<std::vector<Checkpoint>> MemoryCheckpointStore::list_from(const std::string& thread,
                                                                 std::int64_t from_id) const {
  std::vector<std::string> texts;
  {
    std::lock_guard lock(mutex_);
    auto it = threads_.find(thread);
    if (it == threads_.end()) return std::vector<Checkpoint>{};
    const auto& cps = it->second.checkpoints;
    for (auto at = cps.lower_bound(from_id); at != cps.end(); ++at) texts.push_back(at->second);
  }
  std::vector<Checkpoint> out;
  out.reserve(texts.size());
  for (const auto& text : texts) {
    auto cp = parse_checkpoint(text);
    if (!cp) return cp.status();
    out.push_back(std::move(*cp));
  }
  return out;
}

Result<std::optional<Checkpoint>> MemoryCheckpointStore::last(const std::string& thread) const {
  std::string text;
  {
    std::lock_guard lock(mutex_);
    auto it = threads_.find(thread);
    if (it == threads_.end() || it->second.checkpoints.empty()) {
      return std::optional<Checkpoint>();
    }
    text = it->second.checkpoints.rbegin()->second;
  }
  auto cp = parse_checkpoint(text);
  if (!cp) return cp.status();
  return std::optional<Checkpoint>(std::move(*cp));
}

Status MemoryCheckpointStore::remove(const std::string& thread,
                                     const std::vector<std::int64_t>& ids) {
  std::lock_guard lock(mutex_);
  auto it = threads_.find(thread);
  if (it == threads_.end()) return Status::ok();
  for (std::int64_t id : ids) it->second.checkpoints.erase(id);
  return Status::ok();
}

Status MemoryCheckpointStore::put_write(const std::string& thread, std::int64_t checkpoint_id,
                                        const PendingWrite& write) {
  std::string text = write.to_json().dump();
  std::lock_guard lock(mutex_);
  threads_[thread].writes.emplace(checkpoint_id, std::move(text));
  return Status::ok();
}

Result<std::vector<PendingWrite>> MemoryCheckpointStore::writes(const std::string& thread,
                                                                std::int64_t checkpoint_id) const {
  std::vector<std::string> texts;
  {
    std::lock_guard lock(mutex_);
    auto it = threads_.find(thread);
    if (it == threads_.end()) return std::vector<PendingWrite>{};
    auto [from, to] = it->second.writes.equal_range(checkpoint_id);
    for (; from != to; ++from) texts.push_back(from->second);
  }
  std::vector<PendingWrite> out;
  for (const auto& text : texts) {
    auto w = PendingWrite::from_json(json::parse(text, nullptr, false));
    if (!w) return w.status();
    out.push_back(std::move(*w));
  }
  return out;
}

Status MemoryCheckpointStore::remove_writes(const std::string& thread, std::int64_t checkpoint_id) {
  std::lock_guard lock(mutex_);
  auto it = threads_.find(thread);
  if (it == threads_.end()) return Status::ok();
  auto& writes = it->second.writes;
  writes.erase(writes.begin(), writes.upper_bound(checkpoint_id));
  return Status::ok();
}

std::size_t MemoryCheckpointStore::stored_bytes(const std::string& thread) const {
  std::lock_guard lock(mutex_);
  auto it = threads_.find(thread);
  if (it == threads_.end()) return 0;
  std::size_t bytes = 0;
  for (const auto& [id, text] : it->second.checkpoints) bytes += text.size();
  return bytes;
}

std::size_t MemoryCheckpointStore::write_count(const std::string& thread) const {
  std::lock_guard lock(mutex_);
  auto it = threads_.find(thread);
  return it == threads_.end() ? 0 : it->second.writes.size();
}

// --- rebuilding and compaction -----------------------------------------------------------

Result<State> rebuild_state(const std::vector<Checkpoint>& checkpoints, std::int64_t id) {
  auto target = std::find_if(checkpoints.begin(), checkpoints.end(),
                             [&](const Checkpoint& cp) { return cp.id == id; });
  if (target == checkpoints.end()) {
    return not_found("no checkpoint " + std::to_string(id) + " in this thread", "checkpoint_id");
  }
  auto base = target;
  while (!base->full && base != checkpoints.begin()) --base;
  if (!base->full) {
    return not_found("checkpoint " + std::to_string(id) +
                         " cannot be rebuilt: its full snapshot was compacted away",
                     "checkpoint_id");
  }
  State state = base->values;
  for (auto it = base + 1; it <= target; ++it) apply_delta(state, it->delta);
  return state;
}

Result<std::optional<ThreadPoint>> read_point(const CheckpointStore& store,
                                              const std::string& thread, std::int64_t id,
                                              int full_every) {
  if (id < 0) {
    auto last = store.last(thread);
    if (!last) return last.status();
    if (!*last) return std::optional<ThreadPoint>();
    if ((*last)->full) {
      State values = std::move((*last)->values);
      return std::optional<ThreadPoint>(ThreadPoint{std::move(**last), std::move(values)});
    }
    id = (*last)->id;
  }
  const std::int64_t window = 2 * static_cast<std::int64_t>(std::max(1, full_every));
  auto near = store.list_from(thread, std::max<std::int64_t>(0, id - window));
  if (!near) return near.status();
  auto state = rebuild_state(*near, id);
  if (!state && state.status().code() == ErrorCode::kNotFound) {
    near = store.list(thread);  // the full snapshot is further back than the window
    if (!near) return near.status();
    state = rebuild_state(*near, id);
  }
  if (!state) return state.status();
  auto at =
      std::find_if(near->begin(), near->end(), [&](const Checkpoint& cp) { return cp.id == id; });
  return std::optional<ThreadPoint>(ThreadPoint{std::move(*at), std::move(*state)});
}

Result<std::size_t> compact(CheckpointStore& store, const std::string& thread, int keep_last) {
  if (keep_last < 1) return invalid_argument("keep_last must be at least 1", "keep_last");
  auto cps = store.list(thread);
  if (!cps) return cps.status();
  if (cps->size() <= static_cast<std::size_t>(keep_last)) return std::size_t{0};
  // The oldest retained checkpoint rebuilds from the nearest full one at or before it; that
  // one and everything after it stay, everything older goes.
  std::size_t base = cps->size() - static_cast<std::size_t>(keep_last);
  while (base > 0 && !(*cps)[base].full) --base;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < base; ++i) ids.push_back((*cps)[i].id);
  OIIS_RETURN_IF_ERROR(store.remove(thread, ids));
  return ids.size();
}

}  // namespace oiis::agents
