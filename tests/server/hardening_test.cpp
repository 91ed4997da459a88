// Regression tests for the attack probes of issue 11: each row's repro, replayed against the
// real server, must be refused with a 4xx naming the field, change nothing, and leave the
// server answering everyone else.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "common/answer_cache.h"
#include "server/caches.h"
#include "server/server_fixture.h"

namespace oiis::testing {
namespace {

using Clock = std::chrono::steady_clock;

class HardeningTest : public ServerTest {
 protected:
  // Sends `request` verbatim on a fresh connection and returns what came back within
  // `timeout_ms`: the first whole answer, or with `until_closed` everything until the server
  // closes (the connection is closed by us afterwards).
  std::string raw(const std::string& request, int timeout_ms = 3000, bool until_closed = false) {
    const int sock = open_idle();
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(sock, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    std::string out;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      const int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
      pollfd p{sock, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, left) <= 0) break;
      char buf[4096];
      const ssize_t n = ::recv(sock, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      // One whole answer is enough: stop once its declared body is in.
      const auto head_end = out.find("\r\n\r\n");
      const auto cl = out.find("Content-Length: ");
      if (!until_closed && head_end != std::string::npos && cl != std::string::npos && cl < head_end &&
          out.size() >= head_end + 4 + std::stoul(out.substr(cl + 16)))
        break;
    }
    ::close(sock);
    return out;
  }

  // A connection that sends nothing (the caller closes it).
  int open_idle() {
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    return sock;
  }

  Reply post_text(const std::string& path, const std::string& body, const char* key = kWriteKey,
                  httplib::Headers headers = {}) {
    return send("POST", path, body, key, std::move(headers));
  }

  std::int64_t order_count() { return store_->stats()->orders; }

  std::string deep_attributes(int depth) {
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
      open += R"({"a":)";
      close += "}";
    }
    return R"({"sku":"D","name":"d","price":1,"supplier_id":)" + std::to_string(supplier_id_) +
           R"(,"attributes":)" + open + "1" + close + "}";
  }
};

// Row 1: a 60k-deep document crashed the server (recursive serialise); now refused up front.
TEST_F(HardeningTest, Row1DeeplyNestedAttributesAreRefusedAndServerStaysUp) {
  Reply deep = post_text("/api/v1/products", deep_attributes(60000));
  EXPECT_EQ(deep.status, 400) << deep.body.substr(0, 300);
  EXPECT_EQ(deep.error_field(), "body");
  EXPECT_NE(deep.body.find("nested deeper than 64"), std::string::npos) << deep.body;
  EXPECT_EQ(post_text("/api/v1/products", deep_attributes(70)).status, 400);
  EXPECT_EQ(get("/healthz").status, 200);
  EXPECT_FALSE(store_->get_product_by_sku("D"));
  Reply fine = post_text("/api/v1/products", deep_attributes(10));
  EXPECT_EQ(fine.status, 201) << fine.body;
  EXPECT_EQ(get("/api/v1/products/D", kReadKey).status, 200);
}

TEST_F(HardeningTest, LongJsonStringsAreRefused) {
  const std::string body = R"({"sku":"L","name":")" + std::string(100 << 10, 'x') +
                           R"(","price":1})";
  Reply r = post_text("/api/v1/products", body);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
  EXPECT_EQ(r.error_field(), "body");
  EXPECT_LT(r.body.size(), 1000u);
}

// Row 3: as_of far in the future made a read key allocate gigabytes.
TEST_F(HardeningTest, Row3AsOfFarInTheFutureIsRefusedQuickly) {
  ASSERT_EQ(post("/api/v1/orders", {{"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}}, kWriteKey)
                .status,
            201);
  const auto start = Clock::now();
  Reply far = get("/api/v1/inventory/abc?as_of=9999-12-31", kReadKey);
  EXPECT_EQ(far.status, 400) << far.body;
  EXPECT_EQ(far.error_field(), "as_of");
  Reply inside_window = get("/api/v1/inventory/abc?as_of=2199-12-31", kReadKey);
  EXPECT_EQ(inside_window.status, 400) << inside_window.body;
  EXPECT_EQ(inside_window.error_field(), "as_of");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(get("/api/v1/inventory/abc", kReadKey).status, 200);
}

// Row 4: a year-1 or int64-max placement was accepted and broke every report.
TEST_F(HardeningTest, Row4PlacementTimesOutsideTheWindowAreRefused) {
  for (const Json& when : {Json("0001-01-01T00:00:00Z"), Json(INT64_MAX), Json(-1),
                           Json("2300-01-01"), Json(9223372036854775807ULL)}) {
    Reply r = post("/api/v1/orders",
                   {{"placed_at", when}, {"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}},
                   kWriteKey);
    EXPECT_EQ(r.status, 400) << when.dump() << " " << r.body;
    EXPECT_EQ(r.error_field(), "placed_at") << r.body;
  }
  EXPECT_EQ(order_count(), 0);
  EXPECT_EQ(on_hand("SKU-1"), 10);
  Reply ok = post("/api/v1/orders",
                  {{"placed_at", "2024-05-01T10:00:00Z"},
                   {"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}},
                  kWriteKey);
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(get("/api/v1/inventory/abc", kReadKey).status, 200);
  EXPECT_EQ(get("/api/v1/orders?from=99999999999999", kReadKey).status, 400);
}

// Row 5: 1e309 escaped the JSON parser as an exception (500).
TEST_F(HardeningTest, Row5HugeNumbersAreA400) {
  Reply r = post_text("/api/v1/orders", R"({"lines":[{"sku":"X","quantity":1e309}]})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_field(), "body");
  EXPECT_EQ(r.body.find("json.exception"), std::string::npos) << r.body;
}

// Row 6: invalid UTF-8 in a body, a path or a query answered 500.
TEST_F(HardeningTest, Row6InvalidUtf8IsA400Everywhere) {
  Reply body = post_text("/api/v1/products", "{\"sku\":\"\xff\",\"name\":\"n\",\"price\":1}");
  EXPECT_EQ(body.status, 400) << body.body;
  EXPECT_EQ(body.error_field(), "body");
  Reply path = get("/api/v1/products/%FF", kReadKey);
  EXPECT_EQ(path.status, 400) << path.body;
  EXPECT_EQ(path.error_field(), "path");
  Reply query = get("/api/v1/orders?status=%FF", kReadKey);
  EXPECT_EQ(query.status, 400) << query.body;
  EXPECT_EQ(query.error_field(), "status");
  Reply no_route = get("/nowhere/%FF", kReadKey);
  EXPECT_EQ(no_route.status, 404) << no_route.body;
  EXPECT_TRUE(no_route.json.is_object()) << no_route.body;
}

// Row 7: a unit price of 1e308 x 10 was accepted and made revenue infinite for everyone.
TEST_F(HardeningTest, Row7MoneyAndQuantitiesAreBounded) {
  Reply price = post("/api/v1/orders",
                     {{"lines", {{{"sku", "SKU-1"}, {"quantity", 10}, {"unit_price", 1e308}}}}},
                     kWriteKey);
  EXPECT_EQ(price.status, 400) << price.body;
  EXPECT_EQ(price.error_field(), "lines[0].unit_price");
  Reply quantity = post("/api/v1/orders",
                        {{"lines", {{{"sku", "SKU-1"}, {"quantity", 2000000000}}}}}, kWriteKey);
  EXPECT_EQ(quantity.status, 400) << quantity.body;
  EXPECT_EQ(quantity.error_field(), "lines[0].quantity");
  Reply product = post("/api/v1/products", {{"sku", "P"}, {"name", "p"}, {"price", 1e300}});
  EXPECT_EQ(product.status, 400) << product.body;
  EXPECT_EQ(product.error_field(), "price");
  EXPECT_EQ(order_count(), 0);
  Reply stats = get("/api/v1/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_TRUE(stats.json["revenue"].is_number()) << stats.body;
}

// Row 13: a body-less POST without Content-Length hung 5 s, then got 400 "malformed".
TEST_F(HardeningTest, Row13BodylessPostWithoutContentLengthIsAnsweredAtOnce) {
  Reply placed =
      post("/api/v1/orders", {{"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}}, kWriteKey);
  ASSERT_EQ(placed.status, 201) << placed.body;
  const std::string id = std::to_string(placed.json["id"].get<Id>());
  const auto start = Clock::now();
  const std::string answer = raw("POST /api/v1/orders/" + id +
                                 "/cancel HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                 kWriteKey + "\r\nConnection: close\r\n\r\n");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_EQ(on_hand("SKU-1"), 10);
}

// Row 14: an empty Idempotency-Key was dropped, so a retry placed a second order.
TEST_F(HardeningTest, Row14EmptyIdempotencyKeyIsRefused) {
  const std::string body = R"({"lines":[{"sku":"SKU-1","quantity":1}]})";
  const std::string answer =
      raw("POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
          std::string(kWriteKey) + "\r\nIdempotency-Key:\r\nContent-Type: application/json\r\n" +
          "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
          body);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"field\":\"Idempotency-Key\""), std::string::npos) << answer;
  EXPECT_EQ(order_count(), 0);
}

// Row 15: keys were global and a reuse with another body silently returned the first order.
TEST_F(HardeningTest, Row15IdempotencyKeysArePerApiKeyAndBoundToTheRequest) {
  add_key("second-writer", Role::kWrite);
  const Json one = {{"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}};
  const Json two = {{"lines", {{{"sku", "SKU-2"}, {"quantity", 2}}}}};
  const httplib::Headers key{{"Idempotency-Key", "k-1"}};
  Reply first = post("/api/v1/orders", one, kWriteKey, key);
  ASSERT_EQ(first.status, 201) << first.body;
  Reply replay = post("/api/v1/orders", one, kWriteKey, key);
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.json["id"], first.json["id"]);
  Reply other_body = post("/api/v1/orders", two, kWriteKey, key);
  EXPECT_EQ(other_body.status, 409) << other_body.body;
  EXPECT_EQ(other_body.error_field(), "Idempotency-Key");
  Reply other_client = post("/api/v1/orders", two, "second-writer", key);
  EXPECT_EQ(other_client.status, 201) << other_client.body;
  EXPECT_NE(other_client.json["id"], first.json["id"]);
  EXPECT_EQ(order_count(), 2);
}

// Row 16: ids above 2^63 wrapped, impossible offsets parsed, chunked bodies were unbounded,
// header count was unlimited.
TEST_F(HardeningTest, Row16IntegerOffsetChunkedAndHeaderLimits) {
  Reply big = post_text("/api/v1/orders",
                        R"({"customer_id":18446744073709551615,"lines":[{"sku":"SKU-1","quantity":1}]})");
  EXPECT_EQ(big.status, 400) << big.body;
  EXPECT_EQ(big.error_field(), "customer_id");
  Reply offset = post("/api/v1/orders",
                      {{"placed_at", "2024-01-01T00:00:00+99:00"},
                       {"lines", {{{"sku", "SKU-1"}, {"quantity", 1}}}}},
                      kWriteKey);
  EXPECT_EQ(offset.status, 400) << offset.body;
  EXPECT_EQ(offset.error_field(), "placed_at");

  std::string chunked = "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        std::string(kWriteKey) +
                        "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n";
  const std::string piece(64 << 10, ' ');
  for (int i = 0; i < 24; ++i) {  // 1.5 MiB of whitespace
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
    chunked += size + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  const std::string too_large = raw(chunked);
  EXPECT_EQ(too_large.rfind("HTTP/1.1 413", 0), 0u) << too_large.substr(0, 300);

  std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  const std::string refused = raw(many + "\r\n");
  EXPECT_EQ(refused.rfind("HTTP/1.1 431", 0), 0u) << refused.substr(0, 300);
  EXPECT_EQ(order_count(), 0);
  EXPECT_EQ(get("/healthz").status, 200);
}

// Row 17: error bodies named the JSON library and echoed a 500 KB sku in full.
TEST_F(HardeningTest, Row17ErrorMessagesAreShortAndOurOwn) {
  Reply malformed = post_text("/api/v1/orders", R"({"lines": [)");
  EXPECT_EQ(malformed.status, 400);
  const std::string message = malformed.json["error"]["message"];
  EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
  EXPECT_EQ(message.find("malformed JSON: malformed JSON"), std::string::npos) << message;
  const std::string sku(60000, 'S');
  Reply unknown = post("/api/v1/orders", {{"lines", {{{"sku", sku}, {"quantity", 1}}}}}, kWriteKey);
  EXPECT_EQ(unknown.status, 400) << unknown.body.substr(0, 200);
  EXPECT_EQ(unknown.error_field(), "lines[0].sku");
  EXPECT_LT(unknown.body.size(), 1000u);
}

// Row 2's limits on one connection: a request whose headers do not complete within the
// header deadline gets 408 and is closed, however slowly it drips; connections beyond the
// per-client cap get 503 at once.
TEST_F(HardeningTest, HeaderDeadlineIsTotalAndConnectionsPerClientAreCapped) {
  shutdown();
  ServerConfig config;
  config.header_timeout_seconds = 1;
  config.max_connections_per_client = 3;
  start(config);
  client_->stop();  // the fixture's keep-alive connection must not count against the cap
  const auto start_time = Clock::now();
  const std::string timed_out = raw("GET /healthz HTTP/1.1\r\nX-Slow: aaaa", 4000);
  EXPECT_EQ(timed_out.rfind("HTTP/1.1 408", 0), 0u) << timed_out;
  EXPECT_LT(Clock::now() - start_time, std::chrono::milliseconds(2500));

  // The server admits the held sockets on its own time (slow under ASan on a loaded box) and
  // may expire idle ones under the 1 s header deadline: hold three fresh ones before each probe;
  // within 20 probes a fourth connection from this client must be refused.
  std::vector<int> held;
  std::string refused;
  for (int tries = 0; tries < 20; ++tries) {
    for (int s : held) ::close(s);
    held.clear();
    for (int i = 0; i < 3; ++i) held.push_back(open_idle());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    refused = raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    if (refused.rfind("HTTP/1.1 503", 0) == 0) break;
  }
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  for (int s : held) ::close(s);
  // Once the server has seen them close (within 5 s), the client is served again.
  std::string served;
  for (int tries = 0; tries < 50; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    served = raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    if (served.rfind("HTTP/1.1 200", 0) == 0) break;
  }
  EXPECT_EQ(served.rfind("HTTP/1.1 200", 0), 0u) << served;
}

// Requests sent back to back on one connection (pipelined) are answered in order, each once,
// whatever engine carries them; Expect: 100-continue gets its interim answer.
TEST_F(HardeningTest, PipelinedRequestsAreAnsweredInOrder) {
  const std::string body = R"({"lines":[{"sku":"SKU-1","quantity":1}]})";
  const std::string order = "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                            std::string(kWriteKey) + "\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body;
  const std::string answer =
      raw(order + "GET /api/v1/products/SKU-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
          kReadKey + "\r\n\r\nGET /nowhere HTTP/1.1\r\nConnection: close\r\n\r\n",
          5000, /*until_closed=*/true);
  const auto created = answer.find("HTTP/1.1 201");
  const auto read = answer.find("HTTP/1.1 200");
  const auto missing = answer.find("HTTP/1.1 404");
  ASSERT_NE(missing, std::string::npos) << answer;
  EXPECT_LT(created, read) << answer;
  EXPECT_LT(read, missing) << answer;
  EXPECT_EQ(order_count(), 1);
  const std::string continued = raw(
      "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
      "Connection: close\r\n\r\n", 1000);
  EXPECT_EQ(continued.rfind("HTTP/1.1 100", 0), 0u) << continued;
}

// Malformed framing of every kind is refused with a 4xx (or the connection is closed), changes
// nothing, and the server keeps answering everyone else, whichever engine parses it.
TEST_F(HardeningTest, MalformedFramingIsRefusedAndChangesNothing) {
  const std::string auth = "Authorization: Bearer " + std::string(kWriteKey) + "\r\n";
  // Its length from the array, not counted by hand (17 read past the literal's 16 bytes).
  static const char kGarbage[] = "\x00\x01\x02garbage\xff\r\n\r\n";
  const std::vector<std::string> attacks = {
      std::string(kGarbage, sizeof kGarbage - 1),
      "GET\r\n\r\n",
      "GET /healthz HTTP/9.9\r\n\r\n",
      "POST /api/v1/orders HTTP/1.1\r\n" + auth + "Content-Length: -5\r\n\r\n",
      "POST /api/v1/orders HTTP/1.1\r\n" + auth + "Content-Length: 99999999999999999999\r\n\r\n",
      "POST /api/v1/orders HTTP/1.1\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "GET /" + std::string(40000, 'a') + " HTTP/1.1\r\n\r\n",
  };
  for (const auto& attack : attacks) {
    const std::string answer = raw(attack, 3000);
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0)
        << attack.substr(0, 60) << " -> " << answer.substr(0, 200);
  }
  EXPECT_EQ(order_count(), 0);
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(HardeningTest, RateLimitIsPerApiKey) {
  shutdown();
  ServerConfig config;
  config.rate_limit_per_key = 2;  // bursts of 4
  start(config);
  int limited = 0;
  Reply last;
  for (int i = 0; i < 12; ++i) {
    Reply r = get("/api/v1/products", kReadKey);
    if (r.status == 429) {
      ++limited;
      last = r;
    } else {
      EXPECT_EQ(r.status, 200) << r.body;
    }
  }
  EXPECT_GE(limited, 6);
  EXPECT_EQ(last.error_field(), "Authorization");
  EXPECT_EQ(last.header("Retry-After"), "1");
  EXPECT_EQ(get("/api/v1/products", kWriteKey).status, 200);  // another key is not affected
  EXPECT_EQ(get("/healthz", nullptr).status, 200);            // nor are public routes
}

// Row 12: the forecast answer cache grew to ~1 GiB; it is now bounded by count and bytes.
TEST(AnswerCacheTest, Row12StaysWithinItsBoundsOldestOut) {
  AnswerCache cache(1000, 1 << 20);
  const auto answer = std::make_shared<const std::string>(std::string(10 << 10, 'x'));
  for (int i = 0; i < 5000; ++i) cache.put("k" + std::to_string(i), answer);
  EXPECT_LE(cache.bytes(), std::size_t(1) << 20);
  EXPECT_LE(cache.size(), 102u);
  EXPECT_TRUE(cache.find("k4999"));
  EXPECT_FALSE(cache.find("k0"));
  cache.put("huge", std::make_shared<const std::string>(std::string(600 << 10, 'y')));
  EXPECT_FALSE(cache.find("huge"));  // one answer may not take a quarter of the budget
  AnswerCache few(3, 1 << 20);
  for (int i = 0; i < 10; ++i) few.put(std::to_string(i), answer);
  EXPECT_EQ(few.size(), 3u);
}

TEST(ProductCacheTest, LargeBodiesAreServedUncachedAndEntriesAreBounded) {
  server::ProductCache cache(std::chrono::seconds(60));
  cache.put("big", std::make_shared<const std::string>(std::string(20 << 10, 'x')));
  EXPECT_EQ(cache.get("big"), nullptr);
  for (int i = 0; i < 40000; ++i)
    cache.put("sku-" + std::to_string(i), std::make_shared<const std::string>("{}"));
  int kept = 0;
  for (int i = 0; i < 40000; ++i) kept += cache.get("sku-" + std::to_string(i)) != nullptr;
  EXPECT_LE(kept, 16 * 1024);
  EXPECT_GT(kept, 0);
}

}  // namespace
}  // namespace oiis::testing
