// Two `oiis serve` processes with one --redis hold an API key to one --rate-limit together
// (server/rate_limits.h), and with Redis gone they keep answering, each on its own limit,
// counting the fallback on /metrics.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <regex>

#include "integration/server_process.h"
#include "support/redis_server.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<ServerProcess> limited_server(const TempDir& dir, const std::string& redis_url) {
  return std::make_unique<ServerProcess>(
      std::vector<std::string>{"serve", "--data", dir.path(), "--no-seed", "--rate-limit", "5",
                               "--redis", redis_url, "--train-every", "0", "--monitor-every", "0",
                               "--scan-alerts-every", "0"},
      kAdminKey, dir.file("server.log"));
}

long long fallbacks_on(Api& api) {
  const std::string metrics = api.get("/metrics").body;
  std::smatch m;
  if (!std::regex_search(metrics, m, std::regex("\noiis_rate_limit_fallbacks_total ([0-9]+)")))
    return -1;
  return std::stoll(m[1]);
}

struct Answers {
  int ok = 0, limited = 0, other = 0;
};

// `rounds` requests to each server in turn, as fast as they answer.
Answers ask_both(Api& a, Api& b, int rounds) {
  Answers out;
  for (int i = 0; i < 2 * rounds; ++i) {
    const int status = (i % 2 ? b : a).get("/api/v1/products?limit=1").status;
    (status == 200 ? out.ok : status == 429 ? out.limited : out.other)++;
  }
  return out;
}

TEST(RateLimitsAcrossProcesses, OneRedisHoldsAKeyToOneLimitAcrossTwoServers) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  std::string why;
  auto redis = oiis::testing::RedisServer::start(&why);
  if (!redis) OIIS_SKIP_UNLESS_REQUIRED(why);
  TempDir dir_a, dir_b;
  auto server_a = limited_server(dir_a, redis->url());
  auto server_b = limited_server(dir_b, redis->url());
  ASSERT_TRUE(server_a->wait_ready()) << server_a->log();
  ASSERT_TRUE(server_b->wait_ready()) << server_b->log();
  Api a(server_a->port()), b(server_b->port());

  // 5 per second, bursts of 10, for both together: 60 requests within well under the seconds
  // it takes to refill get the burst and what refilled meanwhile. Per process it would be 20+.
  const auto start = Clock::now();
  Answers shared = ask_both(a, b, 30);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("[ limits   ] two servers, one Redis: %d of 60 let through in %.2f s, %d refused\n",
              shared.ok, seconds, shared.limited);
  EXPECT_EQ(shared.other, 0);
  EXPECT_GE(shared.ok, 10);
  EXPECT_LE(shared.ok, 10 + static_cast<int>(5 * seconds) + 1);
  EXPECT_EQ(fallbacks_on(a), 0);

  // Redis gone: every request still answered (200 or 429, never a failure), decided in each
  // process, and counted.
  redis->stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // both buckets refill
  Answers alone = ask_both(a, b, 30);
  EXPECT_EQ(alone.other, 0);
  EXPECT_GE(alone.ok, 20) << "each process's own bucket (burst 10) lets its burst through";
  EXPECT_GT(fallbacks_on(a), 0);
  EXPECT_GT(fallbacks_on(b), 0);
}

}  // namespace
}  // namespace oiis::itest
