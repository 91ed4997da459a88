// The real-time side of the prediction tables: one entity's published prediction, answered from
// a bounded in-process cache after the first read. A promotion in this process drops the
// family's entries (Registry::on_promotion); entries also expire after `max_age_s`, the bound
// on how long another process's promotion can go unseen.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/status.h"
#include "store/model_tables.h"

namespace oiis::mlops {

class PredictionCache {
 public:
  PredictionCache(ModelTables& tables, std::size_t max_entries, int max_age_s)
      : tables_(tables), max_entries_(max_entries), max_age_(std::chrono::seconds(max_age_s)) {}

  // The published prediction of `entity`; kNotFound when the family's table has none.
  Result<std::shared_ptr<const PredictionRow>> get(const std::string& family,
                                                   const std::string& entity);
  // Forgets every entry of `family` (its production model changed).
  void drop(const std::string& family);
  std::size_t size() const;
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    std::shared_ptr<const PredictionRow> row;
    std::chrono::steady_clock::time_point loaded;
    std::list<std::string>::iterator age;  // position in lru_
  };
  static std::string key_of(const std::string& family, const std::string& entity) {
    return family + '\x1f' + entity;
  }

  ModelTables& tables_;
  const std::size_t max_entries_;
  const std::chrono::steady_clock::duration max_age_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // most recently used first
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace oiis::mlops
