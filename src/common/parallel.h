// The one parallel loop: batch jobs (forecasts per SKU, simulations per item, file forecasts
// per series) run their independent items through it, with progress and cancellation.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

#include "common/progress.h"
#include "common/status.h"

namespace oiis {

struct ParallelOptions {
  int threads = 0;                          // 0 = all cores; never more than the items
  ProgressSink* progress = nullptr;         // updated from the calling thread only
  const std::atomic<bool>* cancel = nullptr;  // set: no new item starts
};

// Runs body(i) for every i in [0, n) on worker threads, handing items out one at a time (their
// costs differ a lot, e.g. SKUs with long and short histories). After an error no new item
// starts; the result is the error of the lowest failing index (so it does not depend on
// timing), kUnavailable "cancelled" when `cancel` stopped the loop, else ok. The calling thread
// only waits and reports progress: ProgressSink implementations need not be thread-safe.
Status parallel_for(std::size_t n, const std::function<Status(std::size_t)>& body,
                    const ParallelOptions& options = {});

// For bodies that cannot fail.
void parallel_for_each_index(std::size_t n, const std::function<void(std::size_t)>& body,
                             const ParallelOptions& options = {});

// `threads` resolved: 0 or less = hardware threads (at least 1).
int worker_count(int threads);

}  // namespace oiis
