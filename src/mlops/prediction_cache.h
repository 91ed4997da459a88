// The real-time side of the prediction tables: one entity's published prediction, answered from
// a bounded in-process cache after the first read.
//
// Alone, a promotion in this process drops the family's entries (Registry::on_promotion), and
// entries expire after `max_age_s`: the bound on how long another process's promotion can go
// unseen. With Redis (several `oiis serve` processes on one store), a miss is looked up in
// Redis before the store and written there after, under the family's generation, a counter in
// Redis that a promotion in any process increments; each process re-reads the generations at
// most every 250 ms and drops a family whose generation moved. A Redis outage only costs the
// shared level: answers still come from this process and the store.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/status.h"
#include "mlops/redis_client.h"
#include "store/model_tables.h"

namespace oiis::mlops {

class PredictionCache {
 public:
  // `shared` may be null (no Redis); it must outlive the cache.
  PredictionCache(ModelTables& tables, std::size_t max_entries, int max_age_s,
                  RedisClient* shared = nullptr)
      : tables_(tables),
        max_entries_(max_entries),
        max_age_(std::chrono::seconds(max_age_s)),
        shared_(shared) {}

  // The published prediction of `entity`; kNotFound when the family's table has none.
  Result<std::shared_ptr<const PredictionRow>> get(const std::string& family,
                                                   const std::string& entity);
  // Forgets every entry of `family` (its production model changed) here and, with Redis, in
  // every process.
  void drop(const std::string& family);
  // Forgets `family`'s entries (every family's when empty) in this process only: another
  // process promoted, and told this one through the store's change feed.
  void drop_here(const std::string& family);
  std::size_t size() const;
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  std::uint64_t shared_hits() const { return shared_hits_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::shared_ptr<const PredictionRow> row;
    Clock::time_point loaded;
    std::int64_t generation = 0;
    std::list<std::string>::iterator age;  // position in lru_
  };
  struct Generation {
    std::int64_t value = 0;
    Clock::time_point checked{};
  };
  static std::string key_of(const std::string& family, const std::string& entity) {
    return family + '\x1f' + entity;
  }
  std::int64_t generation(const std::string& family);
  Result<std::shared_ptr<const PredictionRow>> load(const std::string& family,
                                                    const std::string& entity,
                                                    std::int64_t generation);
  void remember(const std::string& key, std::shared_ptr<const PredictionRow> row,
                std::int64_t generation);
  void drop_local(const std::string& family);  // under mutex_

  ModelTables& tables_;
  const std::size_t max_entries_;
  const Clock::duration max_age_;
  RedisClient* shared_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recently used first
  std::map<std::string, Generation> generations_;
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, shared_hits_{0};
};

}  // namespace oiis::mlops
