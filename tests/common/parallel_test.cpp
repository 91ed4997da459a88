// common/parallel.h: every index runs once, the first failing index's error wins whatever the
// timing, cancellation stops new items, progress reaches the total.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "common/parallel.h"

namespace oiis {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceOnAnyThreadCount) {
  for (int threads : {0, 1, 3, 64}) {
    std::vector<std::atomic<int>> runs(1000);
    parallel_for_each_index(runs.size(), [&](std::size_t i) { runs[i].fetch_add(1); },
                            {.threads = threads});
    for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i << " " << threads;
  }
  parallel_for_each_index(0, [](std::size_t) { FAIL() << "no items, no calls"; });
}

TEST(ParallelFor, ReturnsTheErrorOfTheLowestFailingIndex) {
  for (int repeat = 0; repeat < 20; ++repeat) {
    const Status s = parallel_for(
        200,
        [](std::size_t i) {
          if (i == 7 || i == 150) return invalid_argument("bad item " + std::to_string(i), "x");
          return Status::ok();
        },
        {.threads = 4});
    ASSERT_FALSE(s.is_ok());
    // 150 may fail first in time on another thread; 7 is still reported, as it is always run
    // (items are handed out in index order and 7 comes long before any failure can stop them).
    EXPECT_EQ(s.message(), "bad item 7");
  }
}

TEST(ParallelFor, CancellationStopsNewItems) {
  std::atomic<bool> cancel{false};
  std::atomic<int> ran{0};
  const Status s = parallel_for(
      100000,
      [&](std::size_t i) {
        if (ran.fetch_add(1) == 10) cancel = true;
        return Status::ok();
      },
      {.threads = 2, .cancel = &cancel});
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_LT(ran.load(), 1000);
}

class CountingProgress : public ProgressSink {
 public:
  void update(std::int64_t done, std::int64_t total) override {
    last_done = done;
    last_total = total;
  }
  void finish() override { finished = true; }
  std::int64_t last_done = -1, last_total = -1;
  bool finished = false;
};

TEST(ParallelFor, ProgressEndsAtTheTotal) {
  CountingProgress progress;
  parallel_for_each_index(500, [](std::size_t) {}, {.threads = 2, .progress = &progress});
  EXPECT_EQ(progress.last_done, 500);
  EXPECT_EQ(progress.last_total, 500);
  EXPECT_TRUE(progress.finished);
}

TEST(ResultDeathTest, ReadingTheValueOfAnErrorAbortsWithTheError) {
  Result<int> missing = not_found("no such thing", "id");
  EXPECT_DEATH((void)missing.value(), "no such thing");
  EXPECT_DEATH((void)*missing, "Result::value\\(\\) read without a value");
}

}  // namespace
}  // namespace oiis
