// Two `oiis serve` processes on one PostgreSQL share the caches' truth through the store's
// change notices (LISTEN/NOTIFY, store/change_feed.h): a key revoked through one process is
// refused by the other within a second, though the other's key cache would otherwise trust it
// for 30 s; a product changed through one is served changed by the other within a second,
// though its product cache keeps a body 5 s.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "integration/server_process.h"
#include "support/postgres_server.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr auto kNoticeBound = 1000ms;

// One PostgreSQL, two servers on it (A started first: it creates the schema).
struct TwoProcesses {
  std::unique_ptr<oiis::testing::PostgresServer> pg;
  TempDir dir_a, dir_b;
  std::unique_ptr<ServerProcess> a, b;
};

std::unique_ptr<ServerProcess> start_notice_server(const std::string& url, const TempDir& dir) {
  return std::make_unique<ServerProcess>(
      std::vector<std::string>{"serve", "--data", dir.path(), "--store", url, "--no-seed"},
      kAdminKey, dir.file("server.log"));
}

// Polls `check` until it returns true; the time it took, or nullopt after `limit`.
std::optional<Clock::duration> time_until(const std::function<bool()>& check,
                                          Clock::duration limit) {
  const auto start = Clock::now();
  while (Clock::now() - start < limit) {
    if (check()) return Clock::now() - start;
    std::this_thread::sleep_for(2ms);
  }
  return std::nullopt;
}

long long elapsed_ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

class ChangeNotices : public ::testing::Test {
 protected:
  void SetUp() override {
    if (oiis_binary().empty())
      OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
    std::string why;
    sys_.pg = oiis::testing::PostgresServer::start(&why);
    if (!sys_.pg) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
    ASSERT_TRUE(sys_.pg->create_database("notices", &why)) << why;
    sys_.a = start_notice_server(sys_.pg->url("notices"), sys_.dir_a);
    ASSERT_TRUE(sys_.a->wait_ready()) << sys_.a->log();
    sys_.b = start_notice_server(sys_.pg->url("notices"), sys_.dir_b);
    ASSERT_TRUE(sys_.b->wait_ready()) << sys_.b->log();
  }
  TwoProcesses sys_;
};

TEST_F(ChangeNotices, KeyRevokedThroughOneProcessIsRefusedByTheOtherWithinASecond) {
  Api admin_a(sys_.a->port());
  Response created = admin_a.post("/api/v1/api-keys", {{"name", "till-7"}, {"role", "read"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string secret = created.json().value("key", "");
  const long long id = created.json().value("id", 0LL);

  Api key_on_a(sys_.a->port(), secret), key_on_b(sys_.b->port(), secret);
  // B looks the key up and caches it (trusted for 30 s by its TTL alone).
  ASSERT_EQ(key_on_b.get("/api/v1/products?limit=1").status, 200);
  ASSERT_EQ(key_on_b.get("/api/v1/products?limit=1").status, 200);

  const auto sent_at = Clock::now();
  Response revoked = admin_a.del("/api/v1/admin/keys/" + std::to_string(id));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  auto refused_after = time_until(
      [&] { return key_on_b.get("/api/v1/products?limit=1").status == 401; }, 5s);
  ASSERT_TRUE(refused_after) << "process B still accepts the revoked key after 5 s\n"
                             << sys_.b->log();
  const auto since_sent = Clock::now() - sent_at;
  std::printf("[ notices  ] revoked key refused by the other process %lld ms after the revoke "
              "answered (%lld ms after it was sent)\n",
              elapsed_ms(*refused_after), elapsed_ms(since_sent));
  EXPECT_LT(since_sent, kNoticeBound);
  EXPECT_EQ(key_on_a.get("/api/v1/products?limit=1").status, 401) << "the revoking process";
  // And it stays refused: nothing re-caches it.
  EXPECT_EQ(key_on_b.get("/api/v1/products?limit=1").status, 401);
}

TEST_F(ChangeNotices, ProductChangedThroughOneProcessIsServedChangedByTheOtherWithinASecond) {
  Api a(sys_.a->port()), b(sys_.b->port());
  ASSERT_EQ(a.post("/api/v1/products", {{"sku", "MUG-1"}, {"name", "Mug"}, {"price", 4.0}}).status,
            201);
  // B renders the product and caches the body (kept 5 s by its TTL alone).
  ASSERT_EQ(b.get("/api/v1/products/MUG-1").json().value("price", 0.0), 4.0);

  Response changed = a.patch("/api/v1/products/MUG-1", {{"price", 5.5}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  auto seen_after = time_until(
      [&] { return b.get("/api/v1/products/MUG-1").json().value("price", 0.0) == 5.5; }, 10s);
  ASSERT_TRUE(seen_after) << "process B never served the new price\n" << sys_.b->log();
  std::printf("[ notices  ] new price served by the other process after %lld ms\n",
              elapsed_ms(*seen_after));
  EXPECT_LT(*seen_after, kNoticeBound);
}

}  // namespace
}  // namespace oiis::itest
