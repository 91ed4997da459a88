#include "common/answer_cache.h"

namespace oiis {

std::shared_ptr<const std::string> AnswerCache::find(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = answers_.find(key);
  return it == answers_.end() ? nullptr : it->second;
}

void AnswerCache::put(const std::string& key, std::shared_ptr<const std::string> answer) {
  std::lock_guard lock(mutex_);
  if (!answer || answer->size() > max_bytes_ / 4 || answers_.count(key)) return;
  bytes_ += answer->size();
  answers_.emplace(key, std::move(answer));
  order_.push_back(key);
  while (answers_.size() > max_entries_ || bytes_ > max_bytes_) {
    auto oldest = answers_.find(order_.front());
    bytes_ -= oldest->second->size();
    answers_.erase(oldest);
    order_.pop_front();
  }
}

std::size_t AnswerCache::size() const {
  std::lock_guard lock(mutex_);
  return answers_.size();
}

std::size_t AnswerCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace oiis
