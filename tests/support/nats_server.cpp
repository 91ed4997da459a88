#include "support/nats_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "support/free_port.h"

namespace oiis::testing {
namespace {

constexpr const char* kNatsServer = "/usr/sbin/nats-server";

// Whether something accepts a TCP connection on the port and greets with INFO.
bool nats_greets(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  char greeting[8] = {};
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  read(fd, greeting, 4) == 4 && std::strncmp(greeting, "INFO", 4) == 0;
  close(fd);
  return ok;
}

}  // namespace

bool NatsServer::launch() {
  // Its log on stdout would drown the test's output.
  process_ = ChildProcess::spawn(
      {kNatsServer, "-js", "-a", "127.0.0.1", "-p", std::to_string(port_), "-sd", dir_},
      "/dev/null");
  if (!process_.started()) return false;
  // Up to 10 s (JetStream recovers its files first); an exit most likely means the port was
  // taken meanwhile.
  const int port = port_;
  return process_.wait_until_ready([port] { return nats_greets(port); }, std::chrono::seconds(10));
}

std::unique_ptr<NatsServer> NatsServer::start(std::string* why_not) {
  auto fail = [&](const std::string& why) {
    if (why_not) *why_not = why;
    return std::unique_ptr<NatsServer>();
  };
  if (access(kNatsServer, X_OK) != 0)
    return fail("nats-server is not installed (apt-get install nats-server)");
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::unique_ptr<NatsServer> server(new NatsServer());
    std::string pattern = (std::filesystem::temp_directory_path() / "oiis-nats-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return fail("cannot create a temporary folder");
    server->dir_ = pattern;
    server->port_ = free_loopback_port();
    if (server->port_ == 0) return fail("no free loopback port");
    if (server->launch()) return server;
  }
  return fail("nats-server did not start answering");
}

void NatsServer::stop() { process_.stop(std::chrono::seconds(2)); }

void NatsServer::kill_hard() { process_.kill_hard(); }

bool NatsServer::restart() {
  if (process_.started()) return false;
  return launch();
}

NatsServer::~NatsServer() {
  stop();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace oiis::testing
