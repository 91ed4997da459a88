#include "mlops/prediction_cache.h"

namespace oiis::mlops {

Result<std::shared_ptr<const PredictionRow>> PredictionCache::get(const std::string& family,
                                                                  const std::string& entity) {
  const std::string key = key_of(family, entity);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && now - it->second.loaded < max_age_) {
      lru_.splice(lru_.begin(), lru_, it->second.age);
      ++hits_;
      return it->second.row;
    }
    ++misses_;
  }
  // Read outside the lock: a slow store read must not hold up the hits.
  auto row = tables_.get_prediction(family, entity);
  if (!row) return row.status();
  auto shared = std::make_shared<const PredictionRow>(std::move(*row));
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    lru_.erase(it->second.age);
    entries_.erase(it);
  }
  lru_.push_front(key);
  entries_.emplace(key, Entry{shared, now, lru_.begin()});
  while (entries_.size() > max_entries_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  return shared;
}

void PredictionCache::drop(const std::string& family) {
  const std::string prefix = family + '\x1f';
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->first.compare(0, prefix.size(), prefix) == 0) {
      lru_.erase(it->second.age);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::size_t PredictionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace oiis::mlops
