#include "support/nats_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "support/free_port.h"

extern char** environ;

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
  std::vector<std::string> args = {kNatsServer, "-js", "-a", "127.0.0.1", "-p",
                                   std::to_string(port_), "-sd", dir_};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;  // its log on stdout would drown the test's output
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  const bool spawned = posix_spawn(&pid_, argv[0], &quiet, nullptr, argv.data(), environ) == 0;
  posix_spawn_file_actions_destroy(&quiet);
  if (!spawned) return false;
  for (int i = 0; i < 200; ++i) {  // up to 10 s (JetStream recovers its files first)
    if (nats_greets(port_)) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;  // exited: most likely the port was taken meanwhile
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
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

void NatsServer::stop() {
  if (pid_ == 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_hard();
}

void NatsServer::kill_hard() {
  if (pid_ == 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = 0;
}

bool NatsServer::restart() {
  if (pid_ != 0) return false;
  return launch();
}

NatsServer::~NatsServer() {
  stop();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace oiis::testing
