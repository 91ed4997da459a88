// Prometheus metrics with lock-free (relaxed atomic) counters: requests by route pattern,
// method and status, latency histograms by route, and store operation timings.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace oiis::server {

class Histogram {
 public:
  // Upper bounds in seconds; an implicit +Inf bucket follows.
  static constexpr std::array<double, 14> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                     0.005,  0.01,    0.025,  0.05,  0.1,
                                                     0.25,   0.5,     1.0,    2.5};
  void observe(std::int64_t nanos);
  // Appends name_bucket/_sum/_count lines; `labels` is `key="value",...` (no braces).
  void render(std::string& out, std::string_view name, std::string_view labels) const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_nanos_{0};
};

struct RouteLabel {
  std::string method;   // "GET"
  std::string pattern;  // "/api/v1/products/{sku}"
};

class HttpMetrics {
 public:
  // One slot per route plus one for requests that matched no route.
  explicit HttpMetrics(std::vector<RouteLabel> routes);
  std::size_t unmatched_slot() const { return routes_.size(); }
  void record(std::size_t slot, int status, std::int64_t nanos);
  void render(std::string& out) const;

 private:
  static constexpr int kMinStatus = 100, kMaxStatus = 599;
  struct Slot {
    std::array<std::atomic<std::uint64_t>, kMaxStatus - kMinStatus + 1> by_status{};
    Histogram latency;
  };
  std::vector<RouteLabel> routes_;
  std::unique_ptr<Slot[]> slots_;
};

// Timings of Store calls, by operation name (a fixed list; see instrumented_store.cpp).
class StoreMetrics {
 public:
  explicit StoreMetrics(std::vector<std::string_view> ops);
  Histogram& op(std::size_t index) { return ops_[index]; }
  void render(std::string& out) const;

 private:
  std::vector<std::string_view> names_;
  std::unique_ptr<Histogram[]> ops_;
};

}  // namespace oiis::server
