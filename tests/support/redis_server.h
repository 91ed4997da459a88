// A throwaway Redis server for tests: Debian's redis-server on a free loopback port, no
// persistence, stopped (SIGTERM, then SIGKILL) on destruction.
//
//   std::string why;
//   auto redis = RedisServer::start(&why);
//   if (!redis) OIIS_SKIP_UNLESS_REQUIRED(why);
//   ... redis->url() ...
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"

namespace oiis::testing {

class RedisServer {
 public:
  // Starts a server and waits until it answers, or returns nullptr with *why_not set.
  static std::unique_ptr<RedisServer> start(std::string* why_not = nullptr);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // Stops the server now (the outage tests); the destructor then has nothing to do.
  void stop();

 private:
  RedisServer() = default;
  ChildProcess process_;
  int port_ = 0;
};

}  // namespace oiis::testing
