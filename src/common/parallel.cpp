#include "common/parallel.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace oiis {

int worker_count(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Status parallel_for(std::size_t n, const std::function<Status(std::size_t)>& body,
                    const ParallelOptions& options) {
  std::atomic<std::size_t> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::size_t error_index = n;
  Status error;
  auto stopped = [&] {
    return failed.load(std::memory_order_relaxed) ||
           (options.cancel && options.cancel->load(std::memory_order_relaxed));
  };
  const int threads = static_cast<int>(
      std::max<std::size_t>(1, std::min<std::size_t>(worker_count(options.threads), n)));
  std::atomic<int> running{threads};
  auto worker = [&] {
    for (std::size_t i; !stopped() && (i = next.fetch_add(1)) < n;) {
      Status s = body(i);
      if (!s.is_ok()) {
        std::lock_guard lock(error_mutex);
        if (i < error_index) error_index = i, error = std::move(s);
        failed = true;
      }
      done.fetch_add(1);
    }
    running.fetch_sub(1);
  };
  // With a progress sink the calling thread only reports; without one it works as well.
  std::vector<std::thread> pool;
  const int spawned = options.progress ? threads : threads - 1;
  for (int t = 0; t < spawned; ++t) pool.emplace_back(worker);
  if (!options.progress) worker();
  while (options.progress && running.load() > 0) {
    options.progress->update(static_cast<std::int64_t>(done.load()), static_cast<std::int64_t>(n));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& t : pool) t.join();
  if (options.progress) {
    options.progress->update(static_cast<std::int64_t>(done.load()), static_cast<std::int64_t>(n));
    options.progress->finish();
  }
  if (failed) return error;
  if (done.load() < n) return Status(ErrorCode::kUnavailable, "cancelled");
  return Status::ok();
}

void parallel_for_each_index(std::size_t n, const std::function<void(std::size_t)>& body,
                             const ParallelOptions& options) {
  (void)parallel_for(
      n,
      [&](std::size_t i) {
        body(i);
        return Status::ok();
      },
      options);
}

}  // namespace oiis
