// A one-shot wake-up between the store's threads (a caller and the writer or WAL syncer).
#pragma once

#include <condition_variable>
#include <mutex>

namespace oiis::sqlite {

// Not std::binary_semaphore: libstdc++ 12 spins on sched_yield before it sleeps, and on two
// cores that spinning (12% of CPU under an order load) starves the writer.
class Signal {
 public:
  // Notifies under the lock: the waiter may destroy this Signal as soon as it wakes.
  void release() {
    std::lock_guard lock(mutex_);
    set_ = true;
    cv_.notify_one();
  }
  void acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return set_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool set_ = false;
};

}  // namespace oiis::sqlite
