// The NATS protocol parser and encoders, on bytes as the server sends them (taken from the
// protocol reference and from nats-server 2.9's JetStream replies), fed whole and byte by byte.
#include <gtest/gtest.h>

#include "stream/nats_protocol.h"
#include "stream/stream.h"

namespace oiis::stream::nats {
namespace {

std::vector<ServerOp> parse_all(Parser& p) {
  std::vector<ServerOp> out;
  for (;;) {
    auto op = p.next();
    EXPECT_TRUE(op.is_ok()) << op.status().to_string();
    if (!op || !*op) return out;
    out.push_back(std::move(**op));
  }
}

constexpr std::string_view kMixed =
    "INFO {\"server_id\":\"x\",\"headers\":true,\"max_payload\":1048576}\r\n"
    "PING\r\n"
    "MSG orders.in 1 _INBOX.a.1 5\r\nhello\r\n"
    "+OK\r\n"
    "HMSG oiis-events.order.placed 1 $JS.ACK.s.c.1.7.7.1700000000.0 44 46\r\n"
    "NATS/1.0\r\nNats-Msg-Id: 7\r\nOiis-Type: a.b\r\n\r\n{}\r\n"
    "HMSG _INBOX.a.2 1 28 28\r\nNATS/1.0 404 No Messages\r\n\r\n\r\n"
    "-ERR 'Unknown Protocol Operation'\r\n"
    "PONG\r\n";

void expect_mixed(const std::vector<ServerOp>& ops) {
  ASSERT_EQ(ops.size(), 8u);
  EXPECT_EQ(ops[0].kind, ServerOp::Kind::kInfo);
  EXPECT_EQ(ops[0].text, "{\"server_id\":\"x\",\"headers\":true,\"max_payload\":1048576}");
  EXPECT_EQ(ops[1].kind, ServerOp::Kind::kPing);
  EXPECT_EQ(ops[2].kind, ServerOp::Kind::kMsg);
  EXPECT_EQ(ops[2].subject, "orders.in");
  EXPECT_EQ(ops[2].sid, "1");
  EXPECT_EQ(ops[2].reply, "_INBOX.a.1");
  EXPECT_EQ(ops[2].payload, "hello");
  EXPECT_EQ(ops[3].kind, ServerOp::Kind::kOk);
  EXPECT_EQ(ops[4].reply, "$JS.ACK.s.c.1.7.7.1700000000.0");
  EXPECT_EQ(ops[4].headers.get("nats-msg-id").value_or(""), "7");
  EXPECT_EQ(ops[4].headers.get("Oiis-Type").value_or(""), "a.b");
  EXPECT_EQ(ops[4].headers.status, 0);
  EXPECT_EQ(ops[4].payload, "{}");
  EXPECT_EQ(ops[5].reply, "");
  EXPECT_EQ(ops[5].headers.status, 404);
  EXPECT_EQ(ops[5].headers.description, "No Messages");
  EXPECT_EQ(ops[5].payload, "");
  EXPECT_EQ(ops[6].kind, ServerOp::Kind::kErr);
  EXPECT_EQ(ops[6].text, "Unknown Protocol Operation");
  EXPECT_EQ(ops[7].kind, ServerOp::Kind::kPong);
}

TEST(NatsParser, ParsesEveryServerOperationFedWhole) {
  Parser p;
  p.feed(kMixed);
  expect_mixed(parse_all(p));
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(NatsParser, ParsesTheSameFedOneByteAtATime) {
  Parser p;
  std::vector<ServerOp> ops;
  for (char c : kMixed) {
    p.feed(std::string_view(&c, 1));
    auto more = parse_all(p);
    for (auto& op : more) ops.push_back(std::move(op));
  }
  expect_mixed(ops);
}

TEST(NatsParser, PayloadMayContainCrLfAndProtocolWords) {
  Parser p;
  p.feed("MSG a 1 12\r\nPING\r\nPONG\r\n\r\n");
  auto ops = parse_all(p);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].payload, "PING\r\nPONG\r\n");
}

TEST(NatsParser, WaitsForAWholeMessage) {
  Parser p;
  p.feed("MSG a 1 10\r\n01234");
  auto op = p.next();
  ASSERT_TRUE(op.is_ok());
  EXPECT_FALSE(op->has_value());
  p.feed("56789\r\n");
  op = p.next();
  ASSERT_TRUE(op.is_ok() && op->has_value());
  EXPECT_EQ((*op)->payload, "0123456789");
}

TEST(NatsParser, ProtocolErrorsAreStickyAndNamed) {
  for (std::string_view bad : {"BOGUS\r\n", "MSG a 1\r\n", "MSG a 1 x\r\n", "MSG a 1 3\r\nabcXY",
                               "HMSG a 1 9 5\r\n", "HMSG a 1 3 3\r\nabc\r\n"}) {
    Parser p;
    p.feed(bad);
    auto op = p.next();
    EXPECT_FALSE(op.is_ok()) << bad;
    p.feed("PING\r\n");
    EXPECT_FALSE(p.next().is_ok()) << "an error must stay: " << bad;
  }
}

TEST(NatsParser, RefusesAPayloadAboveTheBound) {
  Parser p(16);
  p.feed("MSG a 1 17\r\n");
  EXPECT_FALSE(p.next().is_ok());
}

TEST(NatsHeaders, ParsesStatusAndFields) {
  auto h = parse_headers("NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 1\r\n\r\n");
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->status, 408);
  EXPECT_EQ(h->description, "Request Timeout");
  EXPECT_EQ(h->get("NATS-PENDING-MESSAGES").value_or(""), "1");
  EXPECT_FALSE(h->get("missing").has_value());
  EXPECT_FALSE(parse_headers("HTTP/1.1 200 OK\r\n\r\n").is_ok());
  EXPECT_FALSE(parse_headers("NATS/1.0\r\nno colon here\r\n\r\n").is_ok());
}

TEST(NatsEncode, PubAndHpubCountBytesAsTheProtocolSays) {
  auto pub = encode_pub("a.b", "_INBOX.x", "hello");
  ASSERT_TRUE(pub.is_ok());
  EXPECT_EQ(*pub, "PUB a.b _INBOX.x 5\r\nhello\r\n");
  auto hpub = encode_hpub("a.b", "", {{"Nats-Msg-Id", "7"}}, "{}");
  ASSERT_TRUE(hpub.is_ok());
  // "NATS/1.0\r\n" (10) + "Nats-Msg-Id: 7\r\n" (16) + "\r\n" (2) = 28 header bytes.
  EXPECT_EQ(*hpub, "HPUB a.b 28 30\r\nNATS/1.0\r\nNats-Msg-Id: 7\r\n\r\n{}\r\n");
  // What we encode, the parser reads back (as the server would relay it).
  Parser p;
  p.feed("HMSG a.b 1" + hpub->substr(8));
  auto ops = parse_all(p);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].headers.get("Nats-Msg-Id").value_or(""), "7");
  EXPECT_EQ(ops[0].payload, "{}");
}

TEST(NatsEncode, RefusesSubjectsAndHeadersThatWouldBreakTheProtocol) {
  EXPECT_FALSE(encode_pub("", "", "x").is_ok());
  EXPECT_FALSE(encode_pub("a b", "", "x").is_ok());
  EXPECT_FALSE(encode_pub("a", "r\r\nPUB x 1", "x").is_ok());
  EXPECT_FALSE(encode_hpub("a", "", {{"Bad\r\nName", "v"}}, "x").is_ok());
  EXPECT_FALSE(encode_hpub("a", "", {{"Name", "v\r\n"}}, "x").is_ok());
  EXPECT_FALSE(encode_sub("a", "").is_ok());
  EXPECT_EQ(encode_sub("_INBOX.x.>", "1").value(), "SUB _INBOX.x.> 1\r\n");
  // A quote or backslash in the client name cannot break CONNECT's JSON.
  EXPECT_NE(encode_connect("o\"i\\is").find("\"name\":\"oiis\""), std::string::npos);
}

TEST(EventTypes, OnlyNamesThatAreSafeSubjectTokens) {
  EXPECT_TRUE(valid_event_type("order.placed"));
  EXPECT_TRUE(valid_event_type("purchase_order.received"));
  EXPECT_FALSE(valid_event_type(""));
  EXPECT_FALSE(valid_event_type("order..placed"));
  EXPECT_FALSE(valid_event_type("order.*"));
  EXPECT_FALSE(valid_event_type("order.>"));
  EXPECT_FALSE(valid_event_type("a b"));
  EXPECT_FALSE(valid_event_type(".a"));
}

}  // namespace
}  // namespace oiis::stream::nats
