// The periodic scheduler: tasks run at their own intervals, one at a time, and stopping waits
// only for the task that is running.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "mlops/scheduler.h"

namespace oiis::mlops {
namespace {

using namespace std::chrono_literals;

TEST(Scheduler, TasksRunAtTheirIntervalsOneAtATime) {
  std::atomic<int> running{0}, overlap{0};
  auto task = [&] {
    if (running.fetch_add(1) != 0) overlap.fetch_add(1);
    std::this_thread::sleep_for(2ms);
    running.fetch_sub(1);
  };
  Scheduler scheduler({{"fast", 10ms, task}, {"slow", 60ms, task}, {"never", 1h, task}});
  std::this_thread::sleep_for(400ms);
  scheduler.stop();
  const auto runs = scheduler.runs();
  EXPECT_GE(runs[0], 8);   // about 400 / 12 on an idle machine; loaded CI boxes are slower
  EXPECT_GE(runs[1], 2);
  EXPECT_GT(runs[0], runs[1]);
  EXPECT_EQ(runs[2], 0);  // not due before its first interval
  EXPECT_EQ(overlap.load(), 0);
}

TEST(Scheduler, StoppingDoesNotWaitForTheNextRun) {
  std::atomic<int> runs{0};
  Scheduler scheduler({{"daily", 24h, [&] { runs.fetch_add(1); }}});
  const auto start = std::chrono::steady_clock::now();
  scheduler.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace oiis::mlops
