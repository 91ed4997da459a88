// One client connection to a NATS server, speaking the text protocol (nats_protocol.h) over
// TCP: the INFO/CONNECT handshake, PUB/HPUB, one wildcard inbox subscription for replies,
// request-reply, and PING/PONG both ways. Enough for JetStream's API (jetstream_stream.cpp);
// no reconnect logic (the caller opens a new connection), no TLS, no auth. One thread at a time.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "stream/nats_protocol.h"
#include "stream/tcp_socket.h"

namespace oiis::stream::nats {

using Clock = std::chrono::steady_clock;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

class Connection {
 public:
  // Connects, reads INFO, sends CONNECT, subscribes to this connection's inbox and checks the
  // server took all of it (PING/PONG). kUnavailable naming the address on failure.
  static Result<std::unique_ptr<Connection>> open(const std::string& host, int port,
                                                  int timeout_ms, std::string_view client_name);

  // A fresh reply subject under this connection's inbox ("_INBOX.<random>.<n>").
  std::string new_reply_subject();
  // Queues nothing: writes the operations now.
  Status publish(std::string_view subject, std::string_view reply, std::string_view payload,
                 const HeaderList& headers = {});
  // Several encoded operations (encode_pub/encode_hpub) in one write, for pipelining.
  Status write_raw(std::string_view encoded);
  // The next message for this connection (answering the server's PINGs meanwhile); nullopt
  // when none came by `deadline`.
  Result<std::optional<ServerOp>> next_message(Clock::time_point deadline);
  // Publishes `payload` to `subject` and returns the reply (messages for older requests that
  // arrive meanwhile are dropped). kDeadlineExceeded-like kUnavailable when none comes in time.
  Result<ServerOp> request(std::string_view subject, std::string_view payload, int timeout_ms);
  // PING and wait for the PONG: the server has processed everything written before.
  Status flush(int timeout_ms);
  // The INFO JSON the server sent at connect.
  const std::string& server_info() const { return info_; }
  std::string address() const { return address_; }

 private:
  Connection() = default;
  // Reads until one operation is parsed or `deadline` passes (nullopt).
  Result<std::optional<ServerOp>> next_op(Clock::time_point deadline);

  TcpSocket socket_;
  Parser parser_;
  std::string info_;
  std::string address_;
  std::string inbox_;  // "_INBOX.<random>"
  long next_reply_ = 0;
  long pongs_seen_ = 0;
  std::deque<ServerOp> held_;  // messages that arrived while flush() waited for its PONG
  int timeout_ms_ = 3000;
};

}  // namespace oiis::stream::nats
