// Requests per API key. One interface, two limiters:
//   - RateLimiter: a token bucket per caller in this process. Behind N processes a key gets
//     up to N times the rate (docs/scale-out.md).
//   - SharedRateLimiter: the same bucket kept in Redis (GCRA, one Lua script, one round trip
//     per request), so every process that shares the Redis holds a key to one rate. When Redis
//     does not answer, it decides in process (RateLimiter) and counts that, and tries Redis
//     again a second later: a limiter that is down never fails a request.
// Both refill at `per_second` up to `burst` requests; per_second <= 0 lets everything through.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace oiis::mlops {
class RedisClient;
}

namespace oiis::server {

class RequestLimiter {
 public:
  virtual ~RequestLimiter() = default;
  // True when `caller` may make a request now (and takes a token). Thread-safe.
  virtual bool allow(const std::string& caller) = 0;
  // Requests decided in process because the shared limiter did not answer.
  virtual std::uint64_t fallbacks() const { return 0; }
};

// The in-process token bucket. The map is bounded (cleared when it reaches `max_callers`
// buckets; keys are few, so only a flood of distinct keys ever clears it).
class RateLimiter : public RequestLimiter {
 public:
  RateLimiter(double per_second, double burst, std::size_t max_callers = 100000)
      : per_second_(per_second), burst_(burst), max_callers_(max_callers) {}
  bool allow(const std::string& caller) override;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled;
  };
  const double per_second_, burst_;
  const std::size_t max_callers_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

class SharedRateLimiter : public RequestLimiter {
 public:
  // `connections` Redis connections (requests use them round robin: one connection answers
  // one request at a time). kInvalidArgument (field "redis") for a bad URL.
  static Result<std::unique_ptr<SharedRateLimiter>> create(const std::string& redis_url,
                                                           double per_second, double burst,
                                                           int connections = 4);
  ~SharedRateLimiter() override;
  bool allow(const std::string& caller) override;
  std::uint64_t fallbacks() const override { return fallbacks_.load(); }

 private:
  SharedRateLimiter(std::vector<std::unique_ptr<mlops::RedisClient>> clients, double per_second,
                    double burst);
  bool redis_resting() const;

  std::vector<std::unique_ptr<mlops::RedisClient>> clients_;
  const std::string interval_us_, tolerance_us_;  // the script's arguments, rendered once
  const bool enabled_;
  RateLimiter local_;  // while Redis does not answer
  std::atomic<std::uint64_t> next_client_{0}, fallbacks_{0};
  std::atomic<std::int64_t> retry_redis_at_ns_{0};  // steady clock; 0 = use Redis
};

// The limiter a server uses: shared through Redis when `redis_url` is set, else in process.
Result<std::unique_ptr<RequestLimiter>> make_request_limiter(const std::string& redis_url,
                                                             double per_second, double burst);

}  // namespace oiis::server
