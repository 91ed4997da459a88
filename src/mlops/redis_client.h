// A small synchronous Redis client (hiredis) for the shared prediction cache: one connection,
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
  static Result<std::unique_ptr<RedisClient>> create(const std::string& url);
  // Connects now (kUnavailable naming the address when Redis does not answer).
  Status ping();
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  Result<std::optional<std::string>> get(const std::string& key);
  Status set(const std::string& key, const std::string& value, int ttl_seconds);
  // INCR: the key's new value.
  Result<std::int64_t> incr(const std::string& key);

 private:
  RedisClient(std::string host, int port) : host_(std::move(host)), port_(port) {}
  Status ensure_connected();  // under mutex_
  void drop();                // under mutex_

  std::string host_;
  int port_;
  std::mutex mutex_;
  redisContext* context_ = nullptr;
};

}  // namespace oiis::mlops
