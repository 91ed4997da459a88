#include "server/connection_gate.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string_view>

namespace oiis::server {
namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_body_over_limit = false;

constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr int kLingerMs = 2;  // see advance()

int millis_until(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

bool wait_for(int sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  int r;
  do {
    r = ::poll(&p, 1, timeout_ms);
  } while (r < 0 && errno == EINTR);
  return r > 0 && (p.revents & (events | POLLHUP | POLLERR));
}

// A whole answer written straight to the socket, for refusals made before httplib sees the
// request (no Request/Response exists yet). Best effort: the connection is closed after it.
void write_refusal(int sock, int status, const char* reason, const char* code,
                   const std::string& message) {
  const std::string body = "{\"error\":{\"code\":\"" + std::string(code) + "\",\"message\":\"" +
                           message + "\",\"field\":null}}";
  const std::string text = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  (void)::send(sock, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads the complete header block at conn.buffer[pos, header_end): counts headers, notes
// empty-valued ones and chunked bodies, and gives a body-less POST/PUT/PATCH an explicit
// "Content-Length: 0". False when there are more headers than allowed.
bool inspect_headers(Connection& conn, std::size_t max_header_count) {
  std::string_view block(conn.buffer.data() + conn.pos, conn.header_end - conn.pos);
  const std::size_t first_eol = block.find("\r\n");
  const std::string_view request_line = block.substr(0, first_eol);
  const std::string_view method = request_line.substr(0, request_line.find(' '));
  bool has_length = false, has_encoding = false;
  std::size_t count = 0;
  conn.empty_headers.clear();
  conn.chunked = false;
  for (std::size_t at = first_eol + 2; at + 2 <= block.size();) {
    const std::size_t eol = block.find("\r\n", at);
    if (eol == std::string_view::npos || eol == at) break;
    const std::string_view line = block.substr(at, eol - at);
    at = eol + 2;
    if (++count > max_header_count) return false;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // httplib skips it too
    const std::string_view name = trim(line.substr(0, colon));
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) conn.empty_headers.emplace_back(name);
    if (iequals(name, "Content-Length")) has_length = true;
    if (iequals(name, "Transfer-Encoding")) {
      has_encoding = true;
      conn.chunked = value.find("chunked") != std::string_view::npos;
    }
  }
  const bool takes_body = method == "POST" || method == "PUT" || method == "PATCH";
  if (takes_body && !has_length && !has_encoding) {
    // Inserted before the blank line that ends the block.
    constexpr std::string_view kZero = "Content-Length: 0\r\n";
    conn.buffer.insert(conn.header_end - 2, kZero);
    conn.header_end += kZero.size();
  }
  return true;
}

}  // namespace

bool current_request_body_over_limit() { return t_body_over_limit; }

// ---------------------------------------------------------------- ConnectionStream

ConnectionStream::ConnectionStream(Connection& conn, const GateLimits& limits)
    : conn_(conn), limits_(limits), deadline_(Clock::now() + limits.request_timeout) {
  t_body_over_limit = false;
}

bool ConnectionStream::is_readable() const {
  return conn_.pos < conn_.buffer.size() ||
         wait_for(conn_.sock, POLLIN, millis_until(deadline_));
}

bool ConnectionStream::is_writable() const {
  return wait_for(conn_.sock, POLLOUT, static_cast<int>(limits_.write_timeout.count()));
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (size == 0) return 0;
  const bool in_body = conn_.pos >= conn_.header_end;
  ssize_t n;
  if (conn_.pos < conn_.buffer.size()) {
    n = static_cast<ssize_t>(std::min(size, conn_.buffer.size() - conn_.pos));
    std::memcpy(ptr, conn_.buffer.data() + conn_.pos, static_cast<size_t>(n));
    conn_.pos += static_cast<size_t>(n);
  } else {
    // Past the buffer: straight from the socket, never more than asked (httplib asks for
    // exact body lengths), so nothing of a pipelined next request is lost.
    if (!wait_for(conn_.sock, POLLIN, millis_until(deadline_))) return -1;
    do {
      n = ::recv(conn_.sock, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return -1;
  }
  if (in_body && conn_.chunked) {
    body_bytes_ += static_cast<size_t>(n);
    // Chunk framing costs a few bytes per chunk; allow for it generously.
    if (body_bytes_ > limits_.max_body_bytes + limits_.max_body_bytes / 8 + 4096) {
      body_over_limit_ = true;
      t_body_over_limit = true;
      return -1;
    }
  }
  return n;
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t n;
  do {
    n = ::send(conn_.sock, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = conn_.peer_ip;
  port = conn_.peer_port;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ip.clear();
  port = 0;
  if (::getsockname(conn_.sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
  char host[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
    port = ntohs(a->sin6_port);
  }
  ip = host;
}

// ---------------------------------------------------------------- ConnectionGate

ConnectionGate::ConnectionGate(std::size_t workers, GateLimits limits, ServeOne serve)
    : limits_(limits), serve_(std::move(serve)), pool_(workers) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  waiting_room_ = std::thread([this] { waiting_room_loop(); });
}

ConnectionGate::~ConnectionGate() {
  shutdown();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void ConnectionGate::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
  if (waiting_room_.joinable()) waiting_room_.join();
  std::map<int, std::shared_ptr<Connection>> parked;
  {
    std::lock_guard lock(mutex_);
    parked.swap(parked_);
  }
  for (auto& [sock, conn] : parked) close(*conn);
  pool_.shutdown();
}

std::size_t ConnectionGate::waiting() const {
  std::lock_guard lock(mutex_);
  return parked_.size();
}

void ConnectionGate::admit(int sock) {
  auto conn = std::make_shared<Connection>();
  conn->sock = sock;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    char host[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
      conn->peer_port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
      conn->peer_port = ntohs(a->sin6_port);
    }
    conn->peer_ip = host;
  }
  bool refused = false;
  {
    std::lock_guard lock(mutex_);
    refused = stopping_ || open_ >= limits_.max_connections ||
              per_client_[conn->peer_ip] >= limits_.max_connections_per_client;
    if (!refused) {
      ++open_;
      ++per_client_[conn->peer_ip];
    } else if (per_client_[conn->peer_ip] == 0) {
      per_client_.erase(conn->peer_ip);
    }
  }
  if (refused) {
    write_refusal(sock, 503, "Service Unavailable", "unavailable",
                  "too many open connections from this client");
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return;
  }
  conn->deadline = Clock::now() + limits_.idle_timeout;
  advance(std::move(conn));
}

// Serves every complete request the connection holds, then parks it until the next one.
void ConnectionGate::advance(std::shared_ptr<Connection> conn) {
  for (;;) {
    switch (fill_and_classify(*conn)) {
      case Ready::kIncomplete:
        park(std::move(conn));
        return;
      case Ready::kClosed:
        close(*conn);
        return;
      case Ready::kTooLarge:
        write_refusal(conn->sock, 431, "Request Header Fields Too Large",
                      "request_header_fields_too_large",
                      "the request line and headers are limited to " +
                          std::to_string(limits_.max_header_bytes) + " bytes and " +
                          std::to_string(limits_.max_header_count) + " headers");
        close(*conn);
        return;
      case Ready::kComplete:
        break;
    }
    ++conn->requests;
    bool stopping;
    {
      std::lock_guard lock(mutex_);
      stopping = stopping_;
    }
    const bool last = stopping || conn->requests >= limits_.max_requests_per_connection;
    ConnectionStream stream(*conn, limits_);
    const bool keep = serve_(*conn, stream, last) && !last && !stream.body_over_limit();
    t_body_over_limit = false;
    if (!keep) {
      close(*conn);
      return;
    }
    // Drop what httplib consumed; the rest (a pipelined request) stays for the next round.
    conn->buffer.erase(0, conn->pos);
    conn->pos = 0;
    conn->header_end = 0;
    conn->request_started = {};
    conn->deadline = Clock::now() + limits_.idle_timeout;
    // A busy keep-alive client sends its next request right after reading the answer: wait a
    // moment for it on this worker rather than paying a trip through the waiting room. The
    // wait is bounded, so an idle connection still frees the worker almost at once.
    if (conn->buffer.empty()) wait_for(conn->sock, POLLIN, kLingerMs);
  }
}

// Reads what the socket has without blocking and says whether a whole header block is in.
ConnectionGate::Ready ConnectionGate::fill_and_classify(Connection& conn) {
  const std::size_t want = limits_.max_header_bytes + 1;
  bool closed = false;
  while (conn.buffer.size() - conn.pos < want) {
    char chunk[16 << 10];
    const std::size_t room = std::min(sizeof chunk, want - (conn.buffer.size() - conn.pos));
    const ssize_t n = ::recv(conn.sock, chunk, room, MSG_DONTWAIT);
    if (n > 0) {
      if (conn.buffer.size() == conn.pos) {
        // The first byte of a request starts its header deadline; an idle connection's
        // deadline is the shorter idle timeout.
        conn.request_started = Clock::now();
        conn.deadline = conn.request_started + limits_.header_timeout;
      }
      conn.buffer.append(chunk, static_cast<std::size_t>(n));
      if (conn.buffer.find(kHeaderEnd, conn.pos) != std::string::npos) break;
      continue;
    }
    if (n == 0) closed = true;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) closed = true;
    break;
  }
  const std::size_t end = conn.buffer.find(kHeaderEnd, conn.pos);
  if (end == std::string::npos) {
    if (conn.buffer.size() - conn.pos > limits_.max_header_bytes) return Ready::kTooLarge;
    return closed ? Ready::kClosed : Ready::kIncomplete;
  }
  conn.header_end = end + kHeaderEnd.size();
  if (conn.header_end - conn.pos > limits_.max_header_bytes) return Ready::kTooLarge;
  if (!inspect_headers(conn, limits_.max_header_count)) return Ready::kTooLarge;
  return Ready::kComplete;  // served even when the peer half-closed after sending it
}

void ConnectionGate::park(std::shared_ptr<Connection> conn) {
  const int sock = conn->sock;
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      parked_[sock] = conn;
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLRDHUP;
      ev.data.fd = sock;
      if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, sock, &ev) == 0) return;
      parked_.erase(sock);
    }
  }
  close(*conn);
}

void ConnectionGate::close(Connection& conn) {
  if (conn.sock < 0) return;
  ::shutdown(conn.sock, SHUT_RDWR);
  ::close(conn.sock);
  conn.sock = -1;
  std::lock_guard lock(mutex_);
  --open_;
  if (auto it = per_client_.find(conn.peer_ip); it != per_client_.end() && --it->second <= 0)
    per_client_.erase(it);
}

void ConnectionGate::expire_waiting(Clock::time_point now) {
  std::vector<std::shared_ptr<Connection>> expired;
  {
    std::lock_guard lock(mutex_);
    for (auto it = parked_.begin(); it != parked_.end();) {
      if (it->second->deadline <= now) {
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
        expired.push_back(std::move(it->second));
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& conn : expired) {
    // A started request gets a reason; an idle keep-alive connection just closes.
    if (conn->buffer.size() > conn->pos)
      write_refusal(conn->sock, 408, "Request Timeout", "request_timeout",
                    "the request line and headers did not arrive in time");
    close(*conn);
  }
}

void ConnectionGate::waiting_room_loop() {
  constexpr int kMaxEvents = 256;
  epoll_event events[kMaxEvents];
  auto next_sweep = Clock::now();
  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, 100);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    for (int i = 0; i < n; ++i) {
      const int sock = events[i].data.fd;
      if (sock == wake_fd_) continue;
      std::shared_ptr<Connection> conn;
      {
        std::lock_guard lock(mutex_);
        auto it = parked_.find(sock);
        if (it == parked_.end()) continue;
        conn = it->second;
      }
      const Ready ready = fill_and_classify(*conn);
      if (ready == Ready::kIncomplete) continue;
      {
        std::lock_guard lock(mutex_);
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, sock, nullptr);
        parked_.erase(sock);
      }
      if (ready == Ready::kComplete) {
        // Back on a worker; advance() classifies again (cheap) and serves it.
        pool_.enqueue([this, conn] { advance(conn); });
      } else {
        if (ready == Ready::kTooLarge)
          write_refusal(conn->sock, 431, "Request Header Fields Too Large",
                        "request_header_fields_too_large",
                        "the request line and headers are too large");
        close(*conn);
      }
    }
    const auto now = Clock::now();
    if (now >= next_sweep) {
      expire_waiting(now);
      next_sweep = now + std::chrono::milliseconds(100);
    }
  }
}

// ---------------------------------------------------------------- GatedHttpServer

httplib::TaskQueue* GatedHttpServer::make_gate(std::size_t workers, const GateLimits& limits) {
  gate_ = new ConnectionGate(workers, limits,
                             [this](Connection& conn, ConnectionStream& stream, bool last) {
                               return serve_one(conn, stream, last);
                             });
  return gate_;
}

bool GatedHttpServer::serve_one(Connection& conn, ConnectionStream& stream, bool last) {
  bool connection_closed = false;
  const std::vector<std::string>& empty = conn.empty_headers;
  const bool ok = process_request(stream, last, connection_closed, [&empty](httplib::Request& req) {
    // httplib drops headers sent with an empty value; keep them so routes can refuse them.
    for (const auto& name : empty)
      if (!req.has_header(name.c_str())) req.headers.emplace(name, "");
  });
  return ok && !connection_closed;
}

bool GatedHttpServer::process_and_close_socket(socket_t sock) {
  gate_->admit(sock);
  return true;
}

}  // namespace oiis::server
