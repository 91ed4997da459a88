// A small synchronous Redis client (hiredis) for the shared prediction cache and the shared
// rate limits (server/rate_limits.h): one connection,
// used under a mutex (only cache misses and generation checks reach it; hits stay in process),
// reconnected on the next call after an error. Every failure is a Status, never an exception:
// a Redis outage degrades the cache to in-process, it does not fail a prediction.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

struct redisContext;

namespace oiis::mlops {

class RedisClient {
 public:
  // "redis://HOST:PORT" (port 6379 when left out); kInvalidArgument (field "redis") otherwise.
  // Connects at the first call: a Redis that is down is tried again on every call.
  // `timeout_ms` bounds connecting and each reply.
  static Result<std::unique_ptr<RedisClient>> create(const std::string& url,
                                                     int timeout_ms = 1000);
  // Connects now (kUnavailable naming the address when Redis does not answer).
  Status ping();
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  Result<std::optional<std::string>> get(const std::string& key);
  Status set(const std::string& key, const std::string& value, int ttl_seconds);
  // INCR: the key's new value.
  Result<std::int64_t> incr(const std::string& key);
  // EVAL of a Lua `script` over one key with `args`, whose reply is an integer.
  Result<std::int64_t> eval_int(const std::string& script, const std::string& key,
                                const std::string& arg1, const std::string& arg2);

 private:
  RedisClient(std::string host, int port, int timeout_ms)
      : host_(std::move(host)), port_(port), timeout_ms_(timeout_ms) {}
  Status ensure_connected();  // under mutex_
  void drop();                // under mutex_

  std::string host_;
  int port_;
  int timeout_ms_;
  std::mutex mutex_;
  redisContext* context_ = nullptr;
};

}  // namespace oiis::mlops
