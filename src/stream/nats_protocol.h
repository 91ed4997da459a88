// The NATS client protocol as text (https://docs.nats.io/reference/reference-protocols/nats-protocol):
// what the server sends, parsed from a byte stream that may arrive in any pieces, and the
// client's operations encoded. Pure: no I/O (nats_connection.h does that).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace oiis::stream::nats {

// A header block: "NATS/1.0[ <status>[ <description>]]\r\n(Name: value\r\n)*\r\n".
struct Headers {
  int status = 0;           // 0 when the first line carries none (JetStream: 404, 408, 409, 503)
  std::string description;  // "No Messages", ...
  std::vector<std::pair<std::string, std::string>> fields;
  // The first value of `name` (compared without case), if any.
  std::optional<std::string> get(std::string_view name) const;
};

// One operation from the server.
struct ServerOp {
  enum class Kind { kInfo, kMsg, kPing, kPong, kOk, kErr };
  Kind kind = Kind::kPing;
  std::string text;     // INFO's JSON, -ERR's message
  std::string subject;  // MSG/HMSG
  std::string sid;
  std::string reply;    // empty when the publisher gave none
  Headers headers;      // HMSG only
  std::string payload;
};

// Feed bytes as they arrive; take whole operations out. A protocol error (a line the server
// never sends, a size that does not add up) is sticky: the connection must be dropped.
class Parser {
 public:
  // Bounds a payload the parser will buffer (the server's max_payload is 1 MiB by default).
  explicit Parser(std::size_t max_payload = 64u << 20) : max_payload_(max_payload) {}
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next whole operation; nullopt when more bytes are needed.
  Result<std::optional<ServerOp>> next();
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  Result<std::optional<ServerOp>> next_message(std::string_view line, bool with_headers);
  void compact();

  std::string buffer_;
  std::size_t start_ = 0;  // bytes before this are consumed
  std::size_t max_payload_;
  Status error_;
};

Result<Headers> parse_headers(std::string_view block);

// Client operations, each ending in "\r\n". Subjects and reply subjects must be non-empty and
// free of spaces and control characters (kInvalidArgument otherwise, field "subject").
Result<std::string> encode_pub(std::string_view subject, std::string_view reply,
                               std::string_view payload);
Result<std::string> encode_hpub(std::string_view subject, std::string_view reply,
                                const std::vector<std::pair<std::string, std::string>>& headers,
                                std::string_view payload);
Result<std::string> encode_sub(std::string_view subject, std::string_view sid);
// CONNECT with headers and no_responders on, verbose off.
std::string encode_connect(std::string_view client_name);

}  // namespace oiis::stream::nats
