// Per-key rate limits shared through a real redis-server (server/rate_limits.h): two limiters
// (two processes' worth) hold a key to one limit together, where two in-process limiters let
// it through twice; with Redis gone a limiter decides in process, counts it, and never fails.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "server/rate_limits.h"
#include "support/redis_server.h"
#include "support/required_part.h"

namespace oiis::server {
namespace {

using Clock = std::chrono::steady_clock;

class SharedRateLimits : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = testing::RedisServer::start(&why);
    if (!redis_) OIIS_SKIP_UNLESS_REQUIRED(why);
  }
  std::unique_ptr<SharedRateLimiter> shared(double per_second, double burst) {
    auto limiter = SharedRateLimiter::create(redis_->url(), per_second, burst);
    EXPECT_TRUE(limiter.is_ok()) << limiter.status().to_string();
    return limiter ? std::move(*limiter) : nullptr;
  }
  std::unique_ptr<testing::RedisServer> redis_;
};

// Requests `a` and `b` let through for `caller`, asking each `tries` times in turn.
int allowed_by_both(RequestLimiter& a, RequestLimiter& b, const std::string& caller, int tries) {
  int allowed = 0;
  for (int i = 0; i < tries; ++i) allowed += a.allow(caller) + b.allow(caller);
  return allowed;
}

TEST_F(SharedRateLimits, TwoLimitersHoldAKeyToOneLimitTogether) {
  // 5 per second, bursts of 10: asked 400 times within well under a second, the key gets its
  // burst and at most what refilled meanwhile.
  auto a = shared(5, 10), b = shared(5, 10);
  ASSERT_TRUE(a && b);
  const auto start = Clock::now();
  const int allowed = allowed_by_both(*a, *b, "key-1", 200);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_GE(allowed, 10);
  EXPECT_LE(allowed, 10 + static_cast<int>(5 * seconds) + 1) << "in " << seconds << " s";
  EXPECT_EQ(a->fallbacks() + b->fallbacks(), 0u);
  // Another key has a bucket of its own.
  EXPECT_TRUE(a->allow("key-2"));

  // The same two processes without Redis: each lets the burst through.
  RateLimiter local_a(5, 10), local_b(5, 10);
  EXPECT_GE(allowed_by_both(local_a, local_b, "key-1", 200), 20);
}

TEST_F(SharedRateLimits, KeyRefillsAtItsRate) {
  auto a = shared(20, 2), b = shared(20, 2);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(allowed_by_both(*a, *b, "key", 5), 2);              // the burst, then nothing
  std::this_thread::sleep_for(std::chrono::milliseconds(120));  // 2.4 requests' worth
  const int refilled = allowed_by_both(*a, *b, "key", 5);
  EXPECT_GE(refilled, 2);
  EXPECT_LE(refilled, 3);
}

TEST_F(SharedRateLimits, RedisGoneDecidesInProcessCountsItAndFailsNothing) {
  auto a = shared(1000, 2000);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->allow("key"));
  EXPECT_EQ(a->fallbacks(), 0u);
  redis_->stop();
  const auto start = Clock::now();
  int allowed = 0;
  for (int i = 0; i < 100; ++i) allowed += a->allow("key");
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(allowed, 100);  // the in-process bucket (2000) lets these through
  EXPECT_EQ(a->fallbacks(), 100u);
  // Only the first request waited for Redis; the others did not try it again.
  EXPECT_LT(seconds, 0.5);
  // Over the limit is still refused in process.
  auto tight = shared(1, 2);
  ASSERT_TRUE(tight);
  EXPECT_EQ(allowed_by_both(*tight, *tight, "key", 5), 2);
}

// The cost of sharing: one Redis round trip per request (printed for docs/scale-out.md).
TEST_F(SharedRateLimits, AddedLatencyPerRequest) {
  auto shared_limiter = shared(1e6, 2e6);
  ASSERT_TRUE(shared_limiter);
  RateLimiter local(1e6, 2e6);
  constexpr int kRequests = 5000;
  auto time_us = [&](RequestLimiter& l) {
    const auto start = Clock::now();
    for (int i = 0; i < kRequests; ++i) EXPECT_TRUE(l.allow("key-" + std::to_string(i % 50)));
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kRequests;
  };
  const double local_us = time_us(local), shared_us = time_us(*shared_limiter);
  std::printf("rate limit per request: in process %.2f us, shared through Redis %.1f us\n",
              local_us, shared_us);
  EXPECT_EQ(shared_limiter->fallbacks(), 0u);
  EXPECT_GT(shared_us, local_us);
}

}  // namespace
}  // namespace oiis::server
