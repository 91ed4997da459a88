#include "support/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "support/free_port.h"

namespace oiis::testing {
namespace {

// Whether something accepts a TCP connection and answers PING on the port.
bool answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (ok) {
    const char ping[] = "PING\r\n";
    char reply[16] = {};
    ok = write(fd, ping, sizeof ping - 1) == static_cast<ssize_t>(sizeof ping - 1) &&
         read(fd, reply, sizeof reply - 1) > 0 && std::strncmp(reply, "+PONG", 5) == 0;
  }
  close(fd);
  return ok;
}

}  // namespace

std::unique_ptr<RedisServer> RedisServer::start(std::string* why_not) {
  auto fail = [&](const std::string& why) {
    if (why_not) *why_not = why;
    return std::unique_ptr<RedisServer>();
  };
  if (access("/usr/bin/redis-server", X_OK) != 0)
    return fail("redis-server is not installed (apt-get install redis-server)");
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::unique_ptr<RedisServer> server(new RedisServer());
    server->port_ = free_loopback_port();
    if (server->port_ == 0) return fail("no free loopback port");
    server->process_ = ChildProcess::spawn(
        {"/usr/bin/redis-server", "--port", std::to_string(server->port_), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--loglevel", "warning"});
    if (!server->process_.started()) return fail("cannot start redis-server");
    // Up to 5 s; an exit means the port was taken meanwhile: try another.
    const int port = server->port_;
    if (server->process_.wait_until_ready([port] { return answers(port); },
                                          std::chrono::seconds(5)))
      return server;
  }
  return fail("redis-server did not start answering");
}

void RedisServer::stop() { process_.stop(std::chrono::seconds(1)); }

RedisServer::~RedisServer() { stop(); }

}  // namespace oiis::testing
