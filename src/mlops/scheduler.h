// A small in-process scheduler for periodic work (retraining, monitoring, alert scans): each task
// runs every `every` after the scheduler starts (or first after `first`), on one background thread, one task at a time
// (training is heavy; two at once would only share the cores). Stopping waits for the task
// that is running, never for the next one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace oiis::mlops {

class Scheduler {
 public:
  using Clock = std::chrono::steady_clock;
  struct Task {
    std::string name;
    Clock::duration every;
    std::function<void()> run;
    // The first run comes this long after the start (default: `every`).
    std::optional<Clock::duration> first = std::nullopt;
  };

  explicit Scheduler(std::vector<Task> tasks);
  ~Scheduler();  // stops
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  void stop();
  // How many times each task has run (by index), for tests and /metrics.
  std::vector<long> runs() const;

 private:
  void loop();

  std::vector<Task> tasks_;
  std::vector<Clock::time_point> due_;
  std::vector<long> runs_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace oiis::mlops
