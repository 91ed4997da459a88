// Both stream back ends (stream/stream.h) against real servers started here: publishing is
// exactly once by event id (a re-publish is counted, not appended), and a consumer that stops
// without acking gets those events again after its restart, and no others twice.
#include <gtest/gtest.h>

#include <set>

#include "integration/stream_fixtures.h"
#include "stream/nats_connection.h"

namespace oiis::stest {
namespace {

std::vector<stream::Event> events_between(std::int64_t first, std::int64_t last) {
  std::vector<stream::Event> out;
  for (std::int64_t id = first; id <= last; ++id)
    out.push_back({id, id % 2 ? "order.placed" : "stock.adjusted",
                   R"({"n":)" + std::to_string(id) + "}"});
  return out;
}

class StreamBackend : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    server_ = StreamServer::start(GetParam(), &why);
    if (!server_) OIIS_SKIP_UNLESS_REQUIRED(why);
  }
  std::unique_ptr<stream::Stream> open(const std::string& group) {
    stream::StreamOptions o;
    o.group = group;
    o.redeliver_after_ms = 1000;  // JetStream redelivers unacked messages after this
    auto s = stream::open_stream(server_->url, o);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s ? std::move(s).value() : nullptr;
  }
  std::unique_ptr<StreamServer> server_;
};

TEST_P(StreamBackend, ARepublishIsCountedAsDuplicateNotAppended) {
  auto s = open("g");
  ASSERT_TRUE(s);
  auto first = s->publish(events_between(1, 10));
  ASSERT_TRUE(first.is_ok()) << first.status().to_string();
  EXPECT_EQ(first->appended, 10);
  EXPECT_EQ(first->duplicates, 0);
  // As a relay that died before recording how far it got: 5..10 again, then 11..15.
  auto again = s->publish(events_between(5, 15));
  ASSERT_TRUE(again.is_ok()) << again.status().to_string();
  EXPECT_EQ(again->appended, 5);
  EXPECT_EQ(again->duplicates, 6);

  auto all = read_everything(server_->url, "reader");
  ASSERT_EQ(all.size(), 15u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(all[i].type, all[i].id % 2 ? "order.placed" : "stock.adjusted");
    EXPECT_EQ(all[i].body, R"({"n":)" + std::to_string(i + 1) + "}");
  }
}

TEST_P(StreamBackend, UnackedEventsComeBackAfterAConsumerRestartAndAckedOnesDoNot) {
  auto publisher = open("g");
  ASSERT_TRUE(publisher);
  ASSERT_TRUE(publisher->publish(events_between(1, 30)).is_ok());
  std::multiset<std::int64_t> applied;  // what the consumer applied and acked, over both lives
  {
    auto first_life = open("orders");
    ASSERT_TRUE(first_life);
    auto got = first_life->fetch(10, 1000);
    ASSERT_TRUE(got.is_ok()) << got.status().to_string();
    ASSERT_EQ(got->size(), 10u);
    for (std::size_t i = 0; i < 6; ++i) {  // 6 applied and acked; 4 taken but never acked
      applied.insert((*got)[i].event.id);
      ASSERT_TRUE(first_life->ack((*got)[i]).is_ok());
    }
  }  // the consumer dies here without acking 7..10
  auto second_life = open("orders");
  ASSERT_TRUE(second_life);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (applied.size() < 30 && std::chrono::steady_clock::now() < deadline) {
    auto got = second_life->fetch(50, 500);
    ASSERT_TRUE(got.is_ok()) << got.status().to_string();
    for (const auto& d : *got) {
      applied.insert(d.event.id);
      ASSERT_TRUE(second_life->ack(d).is_ok());
    }
  }
  ASSERT_EQ(applied.size(), 30u) << "events lost";
  for (std::int64_t id = 1; id <= 30; ++id) EXPECT_EQ(applied.count(id), 1u) << "event " << id;
  // Nothing more comes, not even after the redelivery delay.
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto more = second_life->fetch(50, 300);
  ASSERT_TRUE(more.is_ok());
  EXPECT_TRUE(more->empty()) << more->size() << " events delivered again after their ack";
}

TEST_P(StreamBackend, LastIdIsTheHighestEventIdOnTheStream) {
  auto s = open("g");
  ASSERT_TRUE(s);
  auto empty = s->last_id();
  ASSERT_TRUE(empty.is_ok()) << empty.status().to_string();
  EXPECT_EQ(*empty, 0);
  ASSERT_TRUE(s->publish(events_between(1, 7)).is_ok());
  ASSERT_TRUE(s->publish(events_between(40, 41)).is_ok());
  auto last = s->last_id();
  ASSERT_TRUE(last.is_ok()) << last.status().to_string();
  EXPECT_EQ(*last, 41);
}

TEST_P(StreamBackend, AnUnreachableServerIsUnavailableNamingTheAddress) {
  const std::string url = GetParam() + "://127.0.0.1:1";
  auto s = stream::open_stream(url, {});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.status().message().find("127.0.0.1:1"), std::string::npos) << s.status().message();
}

INSTANTIATE_TEST_SUITE_P(Backends, StreamBackend, ::testing::Values("redis", "nats"),
                         backend_name);

TEST(StreamUrl, BadUrlsAreInvalidArgumentsNamingTheStream) {
  for (const char* url : {"", "kafka://h:1", "redis://", "nats://h:0", "nats://h:x"}) {
    auto s = stream::open_stream(url, {});
    ASSERT_FALSE(s.is_ok()) << url;
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument) << url;
    EXPECT_EQ(s.status().field(), "stream") << url;
  }
}

// The NATS client at protocol level against the real server: the handshake, a message to our
// own inbox with headers (HPUB -> HMSG), request-reply to JetStream's API, PING/PONG.
TEST(NatsClient, SpeaksTheProtocolToARealServer) {
  std::string why;
  auto server = testing::NatsServer::start(&why);
  if (!server) OIIS_SKIP_UNLESS_REQUIRED(why);
  auto conn = stream::nats::Connection::open("127.0.0.1", server->port(), 3000, "protocol-test");
  ASSERT_TRUE(conn.is_ok()) << conn.status().to_string();
  auto& c = **conn;
  EXPECT_NE(c.server_info().find("\"jetstream\":true"), std::string::npos) << c.server_info();
  EXPECT_NE(c.server_info().find("\"headers\":true"), std::string::npos);

  const std::string to_self = c.new_reply_subject();
  ASSERT_TRUE(c.publish(to_self, "reply.here", "payload\r\nwith crlf", {{"K", "v 1"}}).is_ok());
  auto msg = c.next_message(stream::nats::Clock::now() + std::chrono::seconds(3));
  ASSERT_TRUE(msg.is_ok()) << msg.status().to_string();
  ASSERT_TRUE(msg->has_value());
  EXPECT_EQ((*msg)->subject, to_self);
  EXPECT_EQ((*msg)->reply, "reply.here");
  EXPECT_EQ((*msg)->headers.get("K").value_or(""), "v 1");
  EXPECT_EQ((*msg)->payload, "payload\r\nwith crlf");

  auto info = c.request("$JS.API.INFO", "", 3000);
  ASSERT_TRUE(info.is_ok()) << info.status().to_string();
  EXPECT_NE(info->payload.find("\"type\":\"io.nats.jetstream.api.v1.account_info_response\""),
            std::string::npos)
      << info->payload;
  EXPECT_TRUE(c.flush(3000).is_ok());

  // A subject nobody answers: the server's no-responders status, not a silent timeout.
  auto nobody = c.request("nobody.listens.here", "x", 3000);
  ASSERT_FALSE(nobody.is_ok());
  EXPECT_NE(nobody.status().message().find("no responders"), std::string::npos)
      << nobody.status().message();
}

}  // namespace
}  // namespace oiis::stest
