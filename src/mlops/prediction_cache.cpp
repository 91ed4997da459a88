#include "mlops/prediction_cache.h"

#include <nlohmann/json.hpp>

namespace oiis::mlops {
namespace {

constexpr auto kGenerationCheck = std::chrono::milliseconds(250);
constexpr int kSharedTtlSeconds = 3600;

std::string generation_key(const std::string& family) { return "oiis:generation:" + family; }
std::string shared_key(const std::string& family, std::int64_t generation,
                       const std::string& entity) {
  return "oiis:prediction:" + family + ":" + std::to_string(generation) + ":" + entity;
}

std::string encode(const PredictionRow& r) {
  return nlohmann::json{{"v", r.model_version}, {"d", r.data_date}, {"p", r.payload_json}}.dump();
}

std::optional<PredictionRow> decode(const std::string& family, const std::string& entity,
                                    const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("v") || !j.contains("d") || !j.contains("p")) return std::nullopt;
  return PredictionRow{family, entity, j["v"].get<int>(), j["d"].get<std::string>(),
                       j["p"].get<std::string>()};
}

}  // namespace

std::int64_t PredictionCache::generation(const std::string& family) {
  if (!shared_) return 0;
  const auto now = Clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = generations_.find(family);
    if (it != generations_.end() && now - it->second.checked < kGenerationCheck)
      return it->second.value;
  }
  auto value = shared_->get(generation_key(family));  // outside the lock: a network round trip
  std::lock_guard lock(mutex_);
  Generation& g = generations_[family];
  g.checked = now;
  if (value && *value) {
    const std::int64_t seen = std::strtoll((*value)->c_str(), nullptr, 10);
    if (seen != g.value) drop_local(family);
    g.value = seen;
  }  // Redis down: keep the last generation seen; the local entries still expire
  return g.value;
}

Result<std::shared_ptr<const PredictionRow>> PredictionCache::get(const std::string& family,
                                                                  const std::string& entity) {
  const std::int64_t gen = generation(family);
  const std::string key = key_of(family, entity);
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.generation == gen &&
        Clock::now() - it->second.loaded < max_age_) {
      lru_.splice(lru_.begin(), lru_, it->second.age);
      ++hits_;
      return it->second.row;
    }
    ++misses_;
  }
  return load(family, entity, gen);
}

// Redis first (another process may have read it), then the store; outside the lock.
Result<std::shared_ptr<const PredictionRow>> PredictionCache::load(const std::string& family,
                                                                   const std::string& entity,
                                                                   std::int64_t gen) {
  const std::string key = key_of(family, entity);
  if (shared_) {
    auto cached = shared_->get(shared_key(family, gen, entity));
    if (cached && *cached) {
      if (auto row = decode(family, entity, **cached)) {
        auto shared_row = std::make_shared<const PredictionRow>(std::move(*row));
        ++shared_hits_;
        remember(key, shared_row, gen);
        return shared_row;
      }
    }
  }
  auto row = tables_.get_prediction(family, entity);
  if (!row) return row.status();
  auto shared_row = std::make_shared<const PredictionRow>(std::move(*row));
  if (shared_) (void)shared_->set(shared_key(family, gen, entity), encode(*shared_row),
                                 kSharedTtlSeconds);  // best effort: the answer stands anyway
  remember(key, shared_row, gen);
  return shared_row;
}

void PredictionCache::remember(const std::string& key, std::shared_ptr<const PredictionRow> row,
                               std::int64_t gen) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    lru_.erase(it->second.age);
    entries_.erase(it);
  }
  lru_.push_front(key);
  entries_.emplace(key, Entry{std::move(row), Clock::now(), gen, lru_.begin()});
  while (entries_.size() > max_entries_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
}

void PredictionCache::drop_local(const std::string& family) {
  const std::string prefix = family + '\x1f';
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) {
      lru_.erase(it->second.age);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void PredictionCache::drop(const std::string& family) {
  {
    std::lock_guard lock(mutex_);
    drop_local(family);
  }
  if (!shared_) return;
  auto gen = shared_->incr(generation_key(family));
  std::lock_guard lock(mutex_);
  Generation& g = generations_[family];
  if (gen) g.value = *gen;
  g.checked = Clock::now();
}

void PredictionCache::drop_here(const std::string& family) {
  std::lock_guard lock(mutex_);
  if (!family.empty()) return drop_local(family);
  entries_.clear();
  lru_.clear();
}

std::size_t PredictionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace oiis::mlops
