// A throwaway NATS server with JetStream for tests: Debian's nats-server on a free loopback
// port, its JetStream files in a fresh temporary folder (removed on destruction), stopped
// (SIGTERM, then SIGKILL) on destruction.
//
//   std::string why;
//   auto nats = NatsServer::start(&why);
//   if (!nats) OIIS_SKIP_UNLESS_REQUIRED(why);
//   ... nats->url() ...
#pragma once

#include <memory>
#include <string>

#include "support/child_process.h"

namespace oiis::testing {

class NatsServer {
 public:
  // Starts a server and waits until it greets with INFO, or returns nullptr with *why_not set.
  static std::unique_ptr<NatsServer> start(std::string* why_not = nullptr);
  ~NatsServer();
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // SIGKILL, as a crash: the JetStream files stay for restart().
  void kill_hard();
  // Starts again on the same port and folder (after kill_hard); false when it does not answer.
  bool restart();

 private:
  NatsServer() = default;
  bool launch();
  void stop();
  ChildProcess process_;
  int port_ = 0;
  std::string dir_;
};

}  // namespace oiis::testing
