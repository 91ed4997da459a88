// Exactly once end to end on real stream servers (Redis Streams and NATS JetStream, started
// here): the outbox relay killed -9 mid-flow and started again puts every outbox event on the
// stream once; a re-publish after a crash between publishing and recording is deduplicated;
// the inbound order consumer killed -9 mid-flow and started again places every published
// order exactly once. Events are counted end to end.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "integration/stream_fixtures.h"
#include "domain/json.h"
#include "services/outbox_relay.h"
#include "store/alert_tables.h"

namespace oiis::stest {
namespace {

using namespace std::chrono_literals;

class StreamExactlyOnce : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    server_ = StreamServer::start(GetParam(), &why);
    if (!server_) OIIS_SKIP_UNLESS_REQUIRED(why);
    if (testing::oiis_binary_path().empty()) OIIS_SKIP_UNLESS_REQUIRED("the oiis binary is not built");
    db_ = (dir_.path / "oiis.db").string();
    store_ = store_with_products(db_);
    ASSERT_TRUE(store_);
  }
  Id place_orders(int n) {
    for (int i = 0; i < n; ++i) {
      OrderRequest r;
      r.lines.push_back({"S" + std::to_string(1 + i % 5), 1 + i % 3, std::nullopt, 0.0});
      auto placed = store_->place_order(r);
      EXPECT_TRUE(placed.is_ok()) << placed.status().to_string();
    }
    auto events = store_->read_outbox(0, 1000);
    EXPECT_TRUE(events.is_ok());
    return events && !events->empty() ? events->back().id : 0;
  }
  std::vector<std::string> stream_args(const std::string& command) {
    return {"stream", command, "--store", "sqlite:" + db_, "--stream", server_->url};
  }
  std::string log() const { return (dir_.path / "oiis.log").string(); }

  TempDir dir_;
  std::string db_;
  std::unique_ptr<StreamServer> server_;
  std::unique_ptr<Store> store_;
};

void expect_each_id_once(const std::vector<stream::Event>& events, Id last) {
  std::map<std::int64_t, int> seen;
  for (const auto& e : events) ++seen[e.id];
  EXPECT_EQ(events.size(), static_cast<std::size_t>(last)) << "events on the stream";
  for (Id id = 1; id <= last; ++id) EXPECT_EQ(seen[id], 1) << "outbox event " << id;
}

TEST_P(StreamExactlyOnce, RelayKilledMidFlowAndRestartedPutsEveryEventOnTheStreamOnce) {
  const Id last = place_orders(600);
  ASSERT_GT(last, 600);  // 600 order.placed + the 5 stock receipts
  auto relay = spawn_oiis(
      [&] { auto a = stream_args("relay"); a.insert(a.end(), {"--batch", "3"}); return a; }(),
      log());
  ASSERT_TRUE(relay.started());
  Id at_kill = 0;
  for (int i = 0; i < 2000 && at_kill < 30; ++i) {
    std::this_thread::sleep_for(2ms);
    at_kill = store_->outbox_delivered("stream").value();
  }
  relay.kill_hard();
  at_kill = store_->outbox_delivered("stream").value();
  ASSERT_GT(at_kill, 0) << "the relay never got going";
  ASSERT_LT(at_kill, last) << "the relay finished before the kill: nothing was tested";

  auto [rc, out] = testing::run_command(testing::oiis_binary_path() + " stream relay --store sqlite:" +
                                        db_ + " --stream " + server_->url + " --until-idle");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("delivered up to outbox id " + std::to_string(last)), std::string::npos) << out;
  EXPECT_EQ(store_->outbox_delivered("stream").value(), last);
  expect_each_id_once(read_everything(server_->url, "check"), last);
}

TEST_P(StreamExactlyOnce, EventsPublishedBeforeACrashBeforeRecordingAreNotPublishedAgain) {
  const Id last = place_orders(40);
  stream::StreamOptions o;
  o.duplicate_window_ms = 1000;  // JetStream forgets ids after this; the relay must not rely on it
  auto s = stream::open_stream(server_->url, o);
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  // What a relay that died after publishing 25 events, before recording it, left behind.
  auto first = store_->read_outbox(0, 25);
  ASSERT_TRUE(first.is_ok());
  std::vector<stream::Event> published;
  for (const auto& e : *first) published.push_back(services::to_stream_event(e));
  ASSERT_TRUE((*s)->publish(published).is_ok());
  ASSERT_EQ(store_->outbox_delivered("stream").value(), 0);
  std::this_thread::sleep_for(1500ms);  // the relay comes back after the duplicate window

  services::RelayOptions options;
  options.batch = 10;
  services::OutboxRelay relay(*store_, **s, options);
  std::atomic<bool> stop{false};
  auto totals = relay.run(stop, true);
  EXPECT_EQ(totals.failures, 0);
  EXPECT_EQ(totals.duplicates, 25);
  EXPECT_EQ(totals.appended, last - 25);
  EXPECT_EQ(totals.delivered_to, last);
  auto all = read_everything(server_->url, "check");
  expect_each_id_once(all, last);
  // The body is the outbox event as GET /api/v1/outbox shows it.
  ASSERT_FALSE(all.empty());
  auto body = Json::parse(all.back().body);
  EXPECT_EQ(body["id"], last);
  EXPECT_EQ(body["topic"], "order.placed");
  EXPECT_TRUE(body["payload"].contains("lines"));
}

TEST_P(StreamExactlyOnce, RelayCarriesStockAlertAndReorderEvents) {
  Supplier sup;
  sup.name = "relay-supplier";
  auto supplier = store_->create_supplier(sup);
  ASSERT_TRUE(supplier.is_ok()) << supplier.status().to_string();
  PurchaseOrder draft;
  draft.supplier_id = supplier->id;
  draft.status = PurchaseOrderStatus::kDraft;
  draft.lines = {PurchaseOrderLine{0, 0, 1, 12, 0, 2.0}};
  ASSERT_TRUE(store_->create_purchase_order(draft).is_ok());
  StoredAlert alert;
  alert.type = "shrinkage";
  alert.fingerprint = "shrinkage:1";
  alert.severity = "medium";
  alert.title = "units missing";
  alert.record_kind = "product";
  alert.record_id = 1;
  auto added = store_->alerts().add_new({alert}, 77);
  ASSERT_TRUE(added.is_ok()) << added.status().to_string();
  ASSERT_EQ(*added, 1u);

  auto s = stream::open_stream(server_->url, {});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  services::OutboxRelay relay(*store_, **s);
  std::atomic<bool> stop{false};
  auto totals = relay.run(stop, true);
  EXPECT_EQ(totals.failures, 0);
  std::map<std::string, std::vector<Json>> by_type;
  for (const auto& e : read_everything(server_->url, "check"))
    by_type[e.type].push_back(Json::parse(e.body));
  ASSERT_EQ(by_type["stock.changed"].size(), 5u);  // the five receipts of the fixture
  EXPECT_EQ(by_type["stock.changed"][0]["payload"]["changes"][0]["quantity"], 1'000'000);
  ASSERT_EQ(by_type["reorder.suggested"].size(), 1u);
  EXPECT_EQ(by_type["reorder.suggested"][0]["payload"]["lines"][0]["quantity"], 12);
  ASSERT_EQ(by_type["alert.raised"].size(), 1u);
  EXPECT_EQ(by_type["alert.raised"][0]["payload"]["type"], "shrinkage");
  EXPECT_EQ(by_type["alert.raised"][0]["aggregate"], "alert");
}

TEST_P(StreamExactlyOnce, ConsumerKilledMidFlowAndRestartedPlacesEveryOrderOnce) {
  constexpr int kOrders = 300;
  auto before = store_->stats().value().orders;
  auto s = stream::open_stream(server_->url, {});
  ASSERT_TRUE(s.is_ok()) << s.status().to_string();
  std::vector<stream::Event> events;
  for (int n = 1; n <= kOrders; ++n) events.push_back({n, "order.placed", order_json(n)});
  events.push_back({kOrders + 1, "customer.updated", "{}"});         // not ours: skipped
  events.push_back({kOrders + 2, "order.placed", R"({"lines":3})"});  // refused for good
  ASSERT_TRUE((*s)->publish(events).is_ok());

  auto args = stream_args("consume");
  args.insert(args.end(), {"--batch", "4", "--redeliver-after-ms", "1000", "--wait-ms", "2500"});
  auto consumer = spawn_oiis(args, log());
  std::int64_t at_kill = 0;
  for (int i = 0; i < 4000 && at_kill < before + 40; ++i) {
    std::this_thread::sleep_for(2ms);
    at_kill = store_->stats().value().orders;
  }
  consumer.kill_hard();
  at_kill = store_->stats().value().orders;
  ASSERT_GT(at_kill, before) << "the consumer never got going";
  ASSERT_LT(at_kill, before + kOrders) << "the consumer finished before the kill";

  args.push_back("--until-idle");
  std::string line = testing::oiis_binary_path();
  for (const auto& a : args) line += " '" + a + "'";
  auto [rc, out] = testing::run_command(line);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(store_->stats().value().orders, before + kOrders) << out;
  std::map<std::string, int> by_external_id;
  ASSERT_TRUE(store_->scan_orders({}, [&](const Order& o) {
                  ++by_external_id[o.external_id];
                  return true;
                }).is_ok());
  for (int n = 1; n <= kOrders; ++n)
    EXPECT_EQ(by_external_id["ext-" + std::to_string(n)], 1) << "order event " << n;
}

// A stream that holds less than the relay recorded (a Redis without fsync that crashed, or a
// new stream under the same relay name) is sent the missing events again.
TEST_P(StreamExactlyOnce, AStreamThatLostItsTailGetsTheMissingEventsAgain) {
  const Id last = place_orders(30);
  stream::StreamOptions first_stream;
  first_stream.name = "before-crash";
  auto before = stream::open_stream(server_->url, first_stream);
  ASSERT_TRUE(before.is_ok()) << before.status().to_string();
  std::atomic<bool> stop{false};
  services::OutboxRelay(*store_, **before).run(stop, true);
  ASSERT_EQ(store_->outbox_delivered("stream").value(), last);

  stream::StreamOptions lost;
  lost.name = "after-crash";  // as empty as a server that lost everything
  auto after = stream::open_stream(server_->url, lost);
  ASSERT_TRUE(after.is_ok()) << after.status().to_string();
  // ... except the first 10 events, which it kept.
  auto kept = store_->read_outbox(0, 10);
  std::vector<stream::Event> first_ten;
  for (const auto& e : *kept) first_ten.push_back(services::to_stream_event(e));
  ASSERT_TRUE((*after)->publish(first_ten).is_ok());
  auto totals = services::OutboxRelay(*store_, **after).run(stop, true);
  EXPECT_EQ(totals.appended, last - kept->back().id);
  EXPECT_EQ(store_->outbox_delivered("stream").value(), last);
  stream::StreamOptions reader;
  reader.name = "after-crash";
  reader.group = "check";
  auto check = stream::open_stream(server_->url, reader);
  ASSERT_TRUE(check.is_ok());
  std::vector<stream::Event> all;
  for (;;) {
    auto got = (*check)->fetch(500, 300);
    ASSERT_TRUE(got.is_ok());
    if (got->empty()) break;
    for (const auto& d : *got) all.push_back(d.event);
  }
  expect_each_id_once(all, last);
}

INSTANTIATE_TEST_SUITE_P(Backends, StreamExactlyOnce, ::testing::Values("redis", "nats"),
                         backend_name);

TEST(StreamCli, BadInputNamesTheOptionAndExitsNonZero) {
  if (testing::oiis_binary_path().empty()) OIIS_SKIP_UNLESS_REQUIRED("the oiis binary is not built");
  const std::string oiis = testing::oiis_binary_path();
  auto [rc, out] = testing::run_command(oiis + " stream relay --store :memory: --stream kafka://h:1");
  EXPECT_EQ(rc, 2) << out;
  EXPECT_NE(out.find("--stream"), std::string::npos) << out;
  std::tie(rc, out) = testing::run_command(oiis + " stream consume --store :memory: --stream redis://h:1 --batch 0");
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(out.find("--batch"), std::string::npos) << out;
  std::tie(rc, out) = testing::run_command(oiis + " stream tail --stream nats://127.0.0.1:1");
  EXPECT_EQ(rc, 1) << "a server that does not answer is not bad input: " << out;
  EXPECT_NE(out.find("127.0.0.1:1"), std::string::npos) << out;
  std::tie(rc, out) = testing::run_command(oiis + " stream tail");
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(out.find("--stream"), std::string::npos) << out;
  std::tie(rc, out) = testing::run_command(oiis + " stream --help");
  EXPECT_EQ(rc, 0) << out;
  for (const char* sub : {"relay", "consume", "tail"}) EXPECT_NE(out.find(sub), std::string::npos);
}

}  // namespace
}  // namespace oiis::stest
