#include "mlops/scheduler.h"

#include <algorithm>

namespace oiis::mlops {

Scheduler::Scheduler(std::vector<Task> tasks) : tasks_(std::move(tasks)) {
  const auto now = Clock::now();
  for (const Task& t : tasks_) due_.push_back(now + t.first.value_or(t.every));
  runs_.assign(tasks_.size(), 0);
  if (!tasks_.empty()) thread_ = std::thread([this] { loop(); });
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::vector<long> Scheduler::runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto next = std::min_element(due_.begin(), due_.end());
    if (!wake_.wait_until(lock, *next, [this] { return stopping_; })) {
      const std::size_t i = static_cast<std::size_t>(next - due_.begin());
      lock.unlock();
      tasks_[i].run();  // a task reports its own outcome (the job table, a log line)
      lock.lock();
      ++runs_[i];
      due_[i] = Clock::now() + tasks_[i].every;
    }
  }
}

}  // namespace oiis::mlops
