// A bounded cache of rendered answers, for services that answer the same question often
// (one SKU's forecast per data version, ...).
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace oiis {

// Rendered answers (JSON text) by key, bounded by entry count and total bytes; when either
// bound is passed the oldest entries go first. One answer larger than a quarter of the byte
// bound is not kept at all. Thread-safe.
class AnswerCache {
 public:
  AnswerCache(std::size_t max_entries, std::size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}
  std::shared_ptr<const std::string> find(const std::string& key) const;
  void put(const std::string& key, std::shared_ptr<const std::string> answer);
  std::size_t size() const;
  std::size_t bytes() const;  // sum of the kept answers' sizes

 private:
  const std::size_t max_entries_, max_bytes_;
  mutable std::mutex mutex_;  // guards everything below
  std::unordered_map<std::string, std::shared_ptr<const std::string>> answers_;
  std::deque<std::string> order_;  // keys of answers_, oldest first
  std::size_t bytes_ = 0;
};

}  // namespace oiis
