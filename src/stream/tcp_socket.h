// A blocking TCP connection with deadlines (poll), for the NATS client. Closed on destruction.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace oiis::stream {

class TcpSocket {
 public:
  TcpSocket() = default;
  ~TcpSocket();
  TcpSocket(TcpSocket&& other) noexcept;
  TcpSocket& operator=(TcpSocket&& other) noexcept;
  TcpSocket(const TcpSocket&) = delete;
  TcpSocket& operator=(const TcpSocket&) = delete;

  // kUnavailable naming the address when nothing accepts within `timeout_ms`.
  static Result<TcpSocket> connect(const std::string& host, int port, int timeout_ms);

  bool is_open() const { return fd_ >= 0; }
  // Writes all of `bytes` or fails (kUnavailable) and closes.
  Status send_all(std::string_view bytes, int timeout_ms);
  // Appends what arrives within `timeout_ms` to `out`: the number of bytes read, 0 when none
  // came in time; kUnavailable (and closed) when the peer closed or the socket failed.
  Result<std::size_t> receive_some(std::string& out, int timeout_ms);
  void close();

 private:
  explicit TcpSocket(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace oiis::stream
