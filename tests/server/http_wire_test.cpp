// The Asio engine's HTTP/1.1 parsing and serialising (server/http_wire.h), on strings.
#include "server/http_wire.h"

#include <gtest/gtest.h>

#include "server/server.h"
#include "store/store.h"

namespace oiis::testing {
namespace {

using server::GateLimits;
using server::wire::ChunkedDecoder;
using server::wire::parse_head;
using server::wire::RequestHead;

TEST(HttpWire, ParsesRequestLineHeadersAndQueryLikeHttplib) {
  RequestHead head;
  const auto refusal = parse_head(
      "GET /api/v1/products/A%20B?limit=5&q=x+y HTTP/1.1\r\nHost: h\r\nIdempotency-Key:\r\n"
      "Connection: close",
      GateLimits{}, head);
  ASSERT_EQ(refusal.status, 0) << refusal.message;
  EXPECT_EQ(head.req.method, "GET");
  EXPECT_EQ(head.req.path, "/api/v1/products/A B");
  EXPECT_EQ(head.req.get_param_value("limit"), "5");
  EXPECT_EQ(head.req.get_param_value("q"), "x y");
  EXPECT_EQ(head.req.get_header_value("host"), "h");  // names compare case-insensitively
  EXPECT_TRUE(head.req.has_header("Idempotency-Key"));  // empty values are kept
  EXPECT_FALSE(head.keep_alive);
  EXPECT_EQ(head.content_length, 0u);
}

TEST(HttpWire, RefusesWhatTheGateRefuses) {
  GateLimits limits;
  limits.max_header_count = 3;
  limits.max_body_bytes = 100;
  RequestHead head;
  EXPECT_EQ(parse_head("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4", limits, head).status, 431);
  head = {};
  const auto big = parse_head("POST / HTTP/1.1\r\nContent-Length: 101", limits, head);
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.field, "body");
  head = {};
  EXPECT_EQ(parse_head("POST / HTTP/1.1\r\nContent-Length: 1x", limits, head).field,
            "Content-Length");
  head = {};
  EXPECT_EQ(parse_head("GET /" + std::string(9000, 'a') + " HTTP/1.1", limits, head).status, 414);
  for (const char* bad : {"BREW / HTTP/1.1", "GET / HTTP/2.0", "GET /", "GET  / HTTP/1.1"}) {
    head = {};
    EXPECT_EQ(parse_head(bad, limits, head).status, 400) << bad;
  }
}

TEST(HttpWire, ChunkedBodiesArriveInPiecesAndCountAgainstTheLimit) {
  const std::string wire = "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT";
  ChunkedDecoder decoder;
  std::string body;
  std::size_t offset = 0;
  ChunkedDecoder::Result result = ChunkedDecoder::Result::kNeedMore;
  // One byte at a time, as a slow client sends it: the decoder keeps what it cannot use yet.
  std::string pending;
  for (char c : wire) {
    if (result == ChunkedDecoder::Result::kDone) break;
    pending += c;
    std::size_t consumed = 0;
    result = decoder.feed(pending, 1000, consumed, body);
    pending.erase(0, consumed);
    offset += consumed;
  }
  EXPECT_EQ(result, ChunkedDecoder::Result::kDone);
  EXPECT_EQ(body, "hello world");
  EXPECT_EQ(wire.substr(offset), "NEXT");  // a pipelined request after the body is left alone

  ChunkedDecoder small;
  std::string out;
  std::size_t consumed = 0;
  EXPECT_EQ(small.feed("400\r\n", 1000, consumed, out), ChunkedDecoder::Result::kTooLarge);
  ChunkedDecoder bad;
  EXPECT_EQ(bad.feed("zz\r\n", 1000, consumed, out), ChunkedDecoder::Result::kMalformed);
}

TEST(HttpWire, ResponsesCarryTheirFramingAndGzipWhenAccepted) {
  httplib::Request req;
  req.method = "GET";
  httplib::Response res;
  res.status = 201;
  res.set_header("Content-Length", "999");  // a handler's own framing is not repeated
  res.set_content(std::string(2000, 'a'), "application/json");
  const std::string plain = server::wire::serialize_response(req, res, true);
  EXPECT_EQ(plain.rfind("HTTP/1.1 201 Created\r\n", 0), 0u) << plain.substr(0, 100);
  EXPECT_NE(plain.find("Content-Length: 2000\r\n"), std::string::npos);
  EXPECT_EQ(plain.find("999"), std::string::npos);
  EXPECT_NE(plain.find("Connection: keep-alive\r\n"), std::string::npos);

  req.headers.emplace("Accept-Encoding", "gzip");
  httplib::Response zipped;
  zipped.set_content(std::string(2000, 'a'), "application/json");
  const std::string gz = server::wire::serialize_response(req, zipped, false);
  EXPECT_NE(gz.find("Content-Encoding: gzip\r\n"), std::string::npos);
  EXPECT_LT(gz.size(), 300u);
  EXPECT_NE(gz.find("Connection: close\r\n"), std::string::npos);

  req.method = "HEAD";
  req.headers.clear();
  httplib::Response head;
  head.set_content("abc", "text/plain");
  const std::string h = server::wire::serialize_response(req, head, true);
  EXPECT_NE(h.find("Content-Length: 3\r\n"), std::string::npos);
  EXPECT_EQ(h.substr(h.size() - 4), "\r\n\r\n");  // no body for HEAD
  EXPECT_EQ(server::wire::frame_chunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(server::wire::frame_chunk(""), "0\r\n\r\n");
}

TEST(HttpWire, EncodedBodiesAreInflatedWithinTheLimitOrRefusedNamingTheHeader) {
  const std::string json = R"({"sku": "A", "lines": [)" + std::string(5000, ' ') + "]}";
  std::string zipped;
  httplib::detail::gzip_compressor gzip;
  ASSERT_TRUE(gzip.compress(json.data(), json.size(), true, [&](const char* d, std::size_t n) {
    zipped.append(d, n);
    return true;
  }));
  httplib::Request req;
  req.headers.emplace("Content-Encoding", "gzip");
  std::string body = zipped;
  EXPECT_EQ(server::wire::decode_body(req, 1 << 20, body).status, 0);
  EXPECT_EQ(body, json);

  body = zipped;  // inflates past the limit: a small body is no way around it
  const auto bomb = server::wire::decode_body(req, 1000, body);
  EXPECT_EQ(bomb.status, 413);
  EXPECT_EQ(bomb.field, "Content-Encoding");

  body = "not gzip at all";
  EXPECT_EQ(server::wire::decode_body(req, 1 << 20, body).status, 400);

  httplib::Request br;
  br.headers.emplace("Content-Encoding", "br");
  body = "x";
  const auto unknown = server::wire::decode_body(br, 1 << 20, body);
  EXPECT_EQ(unknown.status, 415);
  EXPECT_EQ(unknown.field, "Content-Encoding");

  httplib::Request plain;
  body = "as sent";
  EXPECT_EQ(server::wire::decode_body(plain, 1 << 20, body).status, 0);
  EXPECT_EQ(body, "as sent");
}

TEST(HttpWire, AnUnknownEngineIsRefusedNamingTheField) {
  auto store = open_store(":memory:");
  ASSERT_TRUE(store);
  ServerConfig config;
  config.port = 0;
  config.http_engine = "nginx";
  auto server = Server::create(**store, config);
  ASSERT_FALSE(server);
  EXPECT_EQ(server.status().field(), "http_engine");
  EXPECT_NE(server.status().message().find("asio"), std::string::npos);
}

}  // namespace
}  // namespace oiis::testing
