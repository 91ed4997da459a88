// Two `oiis serve` processes on one PostgreSQL share the caches' truth through the store's
// change notices (LISTEN/NOTIFY, store/change_feed.h): a key revoked through one process is
// refused by the other within a second, though the other's key cache would otherwise trust it
// for 30 s; a product changed through one is served changed by the other within a second,
// though its product cache keeps a body 5 s; a model promoted by another writer is served by
// both with its new predictions within a second, though the prediction cache keeps a row 30 s.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

#include "integration/server_process.h"
#include "store/model_tables.h"
#include "store/postgres/postgres_store.h"
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

// A version of "churn" with one prediction for customer 42, registered through `store` (as
// `oiis train` in a third process would); its version number.
int register_churn_version(Store& store, double probability, bool production) {
  ModelVersion v;
  v.family = "churn";
  v.data_fingerprint = v.model_fingerprint = "p" + std::to_string(probability);
  v.code_version = "test";
  v.artefact = "models/churn";
  v.data_date = "2024-01-01";
  v.stage = production ? ModelStage::kProduction : ModelStage::kCandidate;
  const std::vector<PredictionRow> rows = {
      {"churn", "42", 0, "2024-01-01", Json{{"probability", probability}}.dump()}};
  auto added = store.models().add_model_version(v, production ? &rows : nullptr);
  EXPECT_TRUE(added.is_ok()) << added.status().to_string();
  return added ? added->version : 0;
}

TEST_F(ChangeNotices, ModelPromotedByAnotherWriterIsServedWithItsNewPredictionsWithinASecond) {
  auto writer = open_postgres_store(sys_.pg->url("notices"), {});
  ASSERT_TRUE(writer.is_ok()) << writer.status().to_string();
  register_churn_version(**writer, 0.1, true);
  const int candidate = register_churn_version(**writer, 0.9, false);
  Api a(sys_.a->port()), b(sys_.b->port());
  auto probability_on = [](Api& server) {
    return server.get("/api/v1/predict/churn/42").json()["prediction"].value("probability", -1.0);
  };
  // Both cache version 1's prediction (kept 30 s by the cache's age alone).
  ASSERT_EQ(probability_on(a), 0.1);
  ASSERT_EQ(probability_on(b), 0.1);

  const std::vector<PredictionRow> rows = {
      {"churn", "42", 0, "2024-01-01", Json{{"probability", 0.9}}.dump()}};
  ASSERT_TRUE((*writer)->models()
                  .set_model_stage("churn", candidate, ModelStage::kProduction, "better", &rows)
                  .is_ok());
  auto seen_a = time_until([&] { return probability_on(a) == 0.9; }, 10s);
  auto seen_b = time_until([&] { return probability_on(b) == 0.9; }, 10s);
  ASSERT_TRUE(seen_a && seen_b) << "a process kept serving the old model's prediction\n"
                                << sys_.b->log();
  std::printf("[ notices  ] promoted model's prediction served by both processes after %lld ms\n",
              elapsed_ms(*seen_a + *seen_b));
  EXPECT_LT(*seen_a + *seen_b, kNoticeBound);
}

}  // namespace
}  // namespace oiis::itest
