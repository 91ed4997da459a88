#include "server/rate_limits.h"

#include <algorithm>
#include <cmath>

#include "common/log.h"
#include "mlops/redis_client.h"

namespace oiis::server {
namespace {

// GCRA (the token bucket as one timestamp per caller, the "theoretical arrival time"): a
// request is let through when, after adding one emission interval, the caller is no further
// ahead of now than the burst allows. Redis's own clock is used, so processes on machines with
// different clocks share one. The key expires when the bucket would be full again.
// ARGV[1]: microseconds per request (1e6 / rate); ARGV[2]: the burst in microseconds.
constexpr const char* kGcraScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + interval
if new_tat - now > tolerance then return 0 end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX',
           math.ceil((new_tat - now) / 1000) + 1)
return 1
)lua";

// How long the shared limiter leaves Redis alone after it did not answer: requests meanwhile
// are decided in process without waiting for a connect timeout each.
constexpr std::chrono::seconds kRedisRest{1};
// Connect and reply timeout: a request waits at most this long for a Redis that went away.
constexpr int kLimiterRedisTimeoutMs = 100;

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string whole_microseconds(double us) {
  return std::to_string(std::llround(us));
}

}  // namespace

bool RateLimiter::allow(const std::string& caller) {
  if (per_second_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= max_callers_ && !buckets_.count(caller)) buckets_.clear();
  auto [it, fresh] = buckets_.try_emplace(caller, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.refilled = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

Result<std::unique_ptr<SharedRateLimiter>> SharedRateLimiter::create(const std::string& redis_url,
                                                                     double per_second,
                                                                     double burst,
                                                                     int connections) {
  std::vector<std::unique_ptr<mlops::RedisClient>> clients;
  for (int i = 0; i < std::max(connections, 1); ++i) {
    auto client = mlops::RedisClient::create(redis_url, kLimiterRedisTimeoutMs);
    if (!client) return client.status();
    clients.push_back(std::move(*client));
  }
  return std::unique_ptr<SharedRateLimiter>(
      new SharedRateLimiter(std::move(clients), per_second, burst));
}

SharedRateLimiter::SharedRateLimiter(std::vector<std::unique_ptr<mlops::RedisClient>> clients,
                                     double per_second, double burst)
    : clients_(std::move(clients)),
      interval_us_(whole_microseconds(per_second > 0 ? 1e6 / per_second : 0)),
      tolerance_us_(whole_microseconds(per_second > 0 ? burst * 1e6 / per_second : 0)),
      enabled_(per_second > 0),
      local_(per_second, burst) {}

SharedRateLimiter::~SharedRateLimiter() = default;

bool SharedRateLimiter::redis_resting() const {
  const std::int64_t until = retry_redis_at_ns_.load(std::memory_order_relaxed);
  return until != 0 && steady_ns() < until;
}

bool SharedRateLimiter::allow(const std::string& caller) {
  if (!enabled_) return true;
  if (!redis_resting()) {
    auto& client =
        *clients_[next_client_.fetch_add(1, std::memory_order_relaxed) % clients_.size()];
    auto allowed = client.eval_int(kGcraScript, "oiis:rate:" + caller, interval_us_, tolerance_us_);
    if (allowed.is_ok()) {
      retry_redis_at_ns_.store(0, std::memory_order_relaxed);
      return *allowed == 1;
    }
    const std::int64_t rest_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(kRedisRest).count();
    if (retry_redis_at_ns_.exchange(steady_ns() + rest_ns) == 0)
      log_warn("rate limits: " + allowed.status().to_string() +
               " (deciding in this process until Redis answers)");
  }
  fallbacks_.fetch_add(1, std::memory_order_relaxed);
  return local_.allow(caller);
}

Result<std::unique_ptr<RequestLimiter>> make_request_limiter(const std::string& redis_url,
                                                             double per_second, double burst) {
  if (redis_url.empty() || per_second <= 0)
    return std::unique_ptr<RequestLimiter>(std::make_unique<RateLimiter>(per_second, burst));
  auto shared = SharedRateLimiter::create(redis_url, per_second, burst);
  if (!shared) return shared.status();
  return std::unique_ptr<RequestLimiter>(std::move(*shared));
}

}  // namespace oiis::server
