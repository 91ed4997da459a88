#include "stream/tcp_socket.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace oiis::stream {
namespace {

// Waits for `events` on `fd`: 1 ready, 0 timed out, -1 failed.
int tcp_wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n;
    return (p.revents & (events | POLLHUP | POLLERR)) ? 1 : 0;
  }
}

// A non-blocking connect to one resolved address, finished within `timeout_ms`.
int tcp_connect_one(const addrinfo* a, int timeout_ms) {
  const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
  if (fd < 0) return -1;
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS && tcp_wait_for(fd, POLLOUT, timeout_ms) == 1) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    rc = err == 0 ? 0 : -1;
  }
  if (rc != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;  // small protocol lines: do not wait to fill a segment
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

TcpSocket::~TcpSocket() { close(); }

TcpSocket::TcpSocket(TcpSocket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

TcpSocket& TcpSocket::operator=(TcpSocket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void TcpSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Result<TcpSocket> TcpSocket::connect(const std::string& host, int port, int timeout_ms) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
    return unavailable("cannot resolve " + where);
  int fd = -1;
  for (const addrinfo* a = found; a && fd < 0; a = a->ai_next) fd = tcp_connect_one(a, timeout_ms);
  ::freeaddrinfo(found);
  if (fd < 0) return unavailable("nothing accepts connections at " + where);
  return TcpSocket(fd);
}

Status TcpSocket::send_all(std::string_view bytes, int timeout_ms) {
  while (!bytes.empty()) {
    if (fd_ < 0) return unavailable("the connection is closed");
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (tcp_wait_for(fd_, POLLOUT, timeout_ms) != 1) {
        close();
        return unavailable("the peer stopped reading");
      }
    } else {
      const std::string why = std::strerror(errno);
      close();
      return unavailable("send failed: " + why);
    }
  }
  return Status::ok();
}

Result<std::size_t> TcpSocket::receive_some(std::string& out, int timeout_ms) {
  if (fd_ < 0) return unavailable("the connection is closed");
  const int ready = tcp_wait_for(fd_, POLLIN, timeout_ms);
  if (ready == 0) return std::size_t{0};
  char buffer[65536];
  const ssize_t n = ready < 0 ? -1 : ::recv(fd_, buffer, sizeof buffer, 0);
  if (n > 0) {
    out.append(buffer, static_cast<std::size_t>(n));
    return static_cast<std::size_t>(n);
  }
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return std::size_t{0};
  close();
  return unavailable(n == 0 ? "the peer closed the connection" : "receive failed");
}

}  // namespace oiis::stream
