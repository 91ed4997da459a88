// Internal to the server module: HTTP/1.1 on the wire for engines that do their own I/O
// (asio_engine.cpp): a request head into an httplib::Request, chunked bodies, and the
// httplib::Response a handler filled back into bytes. No sockets here, so it is tested on
// strings (tests/server/http_wire_test.cpp).
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "server/connection_gate.h"

namespace oiis::server::wire {

// Why a request is refused before any handler sees it.
struct Refusal {
  int status = 0;  // 0 = none
  std::string message;
  std::string field;
};

struct RequestHead {
  httplib::Request req;  // method, target, decoded path, params, headers, version
  std::size_t content_length = 0;
  bool chunked = false;
  bool expect_continue = false;
  bool keep_alive = true;
};

// Parses `block` (request line and headers, without the blank line that ends them). Keeps
// headers sent with an empty value; a body-less POST has length 0. Refusals: 400 malformed,
// 414 target longer than 8 KiB, 431 too many headers, 413 a declared length over the limit.
Refusal parse_head(std::string_view block, const GateLimits& limits, RequestHead& out);

// Decodes a chunked body as it arrives, counting it against the body limit.
class ChunkedDecoder {
 public:
  enum class Result { kNeedMore, kDone, kMalformed, kTooLarge };
  // Consumes what it can of `data` (how much: `consumed`), appending the payload to `body`.
  Result feed(std::string_view data, std::size_t max_body_bytes, std::size_t& consumed,
              std::string& body);

 private:
  enum class State { kSize, kData, kDataEnd, kTrailer };
  State state_ = State::kSize;
  std::size_t left_ = 0;  // bytes of the current chunk still to come
};

// A 415 naming the Content-Encoding header unless the request has none, identity, gzip or
// deflate: the encodings both engines undo before a handler reads the body.
Refusal unsupported_encoding(const httplib::Request& req);

// Undoes the request's Content-Encoding on its whole `body`, as cpp-httplib's own server does:
// gzip and deflate are inflated (413 once the result passes `max_body_bytes`, 400 when the
// bytes do not inflate), identity or none leaves it, anything else is a 415. Refusals name
// the Content-Encoding header.
Refusal decode_body(const httplib::Request& req, std::size_t max_body_bytes, std::string& body);

// The status line and headers of `res` (Content-Type defaulted, Connection set); `body_size`
// is written as Content-Length unless `chunked`.
std::string serialize_head(const httplib::Response& res, bool keep_alive, bool chunked,
                           std::size_t body_size);

// The whole answer: gzip when the client accepts it and the type compresses (as httplib does),
// no body for HEAD. `res.body` may be moved from.
std::string serialize_response(const httplib::Request& req, httplib::Response& res,
                               bool keep_alive);

// The error body's "code" for an HTTP status that no route chose (400, 413, 431, ...).
const char* error_code_for_status(int status);

// A whole JSON error answer that closes the connection, for refusals made before a handler.
std::string serialize_refusal(const Refusal& refusal);

// A chunk of a chunked body ("" for the last, zero-length chunk).
std::string frame_chunk(std::string_view data);

}  // namespace oiis::server::wire
