// The connection gate (src/server/connection_gate.h) and httplib's request parsing behind it,
// over real loopback sockets: each input is sent verbatim on a fresh connection to an
// in-process server whose limits are small enough to be reached, the sending side is shut, and
// the answer is read until the server closes. Invariants: the server never crashes or leaks,
// and whatever it answers is an HTTP/1.1 status line.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

#include "server/connection_gate.h"

namespace {

using namespace std::chrono_literals;

struct TestServer {
  oiis::server::GatedHttpServer http;
  std::thread thread;
  int port = 0;

  TestServer() {
    oiis::server::GateLimits limits;
    limits.idle_timeout = 200ms;
    limits.header_timeout = 300ms;
    limits.request_timeout = 300ms;
    limits.write_timeout = 300ms;
    limits.max_header_bytes = 4096;
    limits.max_header_count = 20;
    limits.max_body_bytes = 8192;
    http.new_task_queue = [this, limits] { return http.make_gate(4, limits); };
    http.set_payload_max_length(8192);
    auto answer = [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::to_string(req.body.size()) + " " + std::to_string(req.headers.size()),
                      "text/plain");
    };
    http.Get(".*", answer);
    http.Post(".*", answer);
    http.Put(".*", answer);
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
    while (!http.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~TestServer() {
    http.stop();
    thread.join();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static TestServer server;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server.port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int sock = -1;
  for (int attempt = 0; sock < 0; ++attempt) {
    sock = ::socket(AF_INET, SOCK_STREAM, 0);
    // Closed with a reset, so a thousand connections a second leave no TIME_WAIT behind to
    // exhaust the client's ephemeral ports (which is the harness failing, not the server).
    const linger reset{1, 0};
    ::setsockopt(sock, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    if (::connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) break;
    ::close(sock);
    sock = -1;
    if (attempt == 50) __builtin_trap();  // the server stopped accepting for 5 s
    std::this_thread::sleep_for(100ms);
  }
  std::size_t sent = 0;
  while (sent < size) {
    const ssize_t n = ::send(sock, data + sent, size - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse early (431) and close
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(sock, SHUT_WR);
  std::string answer;
  char buf[4096];
  for (;;) {
    pollfd p{sock, POLLIN, 0};
    if (::poll(&p, 1, 2000) <= 0) break;  // the deadlines are 300 ms: 2 s means a hang
    const ssize_t n = ::recv(sock, buf, sizeof buf, 0);
    if (n <= 0) break;
    answer.append(buf, static_cast<std::size_t>(n));
  }
  ::close(sock);
  if (!answer.empty() && answer.rfind("HTTP/1.1 ", 0) != 0) __builtin_trap();
  return 0;
}
