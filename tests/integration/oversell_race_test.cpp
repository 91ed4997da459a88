// No overselling under contention, on both store backends: a SKU with K units left, several
// clients racing to buy more than K in total. Exactly K units must be sold, stock must end at
// zero and never be seen below it, and every refusal must be a 409 conflict on the short line.
// Each order also takes one unit of a well-stocked "bystander" SKU, so a refused order that
// leaked half its writes would show up in the bystander's count.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <latch>
#include <mutex>
#include <random>
#include <thread>

#include "integration/server_process.h"
#include "support/postgres_server.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;

constexpr int kRacingClients = 4;
constexpr long long kUnitsLeft = 60;
constexpr long long kBystanderStock = 100'000;

struct RaceTally {
  std::atomic<long long> units_sold{0}, orders_accepted{0}, refusals{0};
  std::mutex mutex;
  std::vector<std::string> unexpected;
};

// Buys 1-3 units per order until a one-unit order is refused (then nothing is left).
void buyer(int port, int seed, std::string sku, std::string bystander, std::latch& start,
           RaceTally& tally) {
  Api api(port);
  std::mt19937 rng(seed);
  start.arrive_and_wait();
  long long want = std::uniform_int_distribution<long long>(1, 3)(rng);
  while (true) {
    Response r = post_order(api, std::nullopt, {{sku, want}, {bystander, 1}});
    if (r.status == 201) {
      tally.units_sold += want;
      ++tally.orders_accepted;
      want = std::uniform_int_distribution<long long>(1, 3)(rng);
      continue;
    }
    Json error = r.json().value("error", Json::object());
    if (r.status != 409 || error.value("code", "") != "conflict" ||
        error.value("field", "") != "lines[0].quantity") {
      std::lock_guard lock(tally.mutex);
      tally.unexpected.push_back(std::to_string(r.status) + " " + r.body);
      return;
    }
    ++tally.refusals;
    if (want == 1) return;
    want = 1;  // fewer units may still be there
  }
}

void run_oversell_race(ServerProcess& server) {
  Api api(server.port());
  auto skus = first_skus(api, 2);
  ASSERT_EQ(skus.size(), 2u);
  const std::string sku = skus[0], bystander = skus[1];
  auto location = default_location(api, sku);
  ASSERT_TRUE(location);
  ASSERT_TRUE(set_stock(api, sku, *location, kUnitsLeft));
  ASSERT_TRUE(set_stock(api, bystander, *location, kBystanderStock));

  RaceTally tally;
  std::latch start(kRacingClients + 1);
  std::vector<std::thread> buyers;
  for (int i = 0; i < kRacingClients; ++i)
    buyers.emplace_back(buyer, server.port(), 7 + i, sku, bystander, std::ref(start), std::ref(tally));

  // Watch the racing SKU while the buyers run: on hand must never be seen below zero.
  std::atomic<bool> done{false};
  long long lowest_seen = kUnitsLeft;
  std::thread watcher([&] {
    Api watch(server.port());
    while (!done) {
      if (auto v = on_hand(watch, sku, *location)) lowest_seen = std::min(lowest_seen, *v);
      std::this_thread::sleep_for(2ms);
    }
  });
  start.arrive_and_wait();
  for (auto& t : buyers) t.join();
  done = true;
  watcher.join();

  ASSERT_TRUE(tally.unexpected.empty()) << tally.unexpected.front() << "\n" << server.log();
  EXPECT_EQ(tally.units_sold.load(), kUnitsLeft) << "sold more (or fewer) units than were left";
  EXPECT_GE(tally.refusals.load(), kRacingClients) << "every buyer ends on a refusal";
  EXPECT_GE(lowest_seen, 0);
  EXPECT_EQ(on_hand(api, sku, *location), 0);
  EXPECT_EQ(on_hand(api, bystander, *location), kBystanderStock - tally.orders_accepted.load())
      << "a refused order took the bystander's stock";
  std::printf("[ race     ] %lld orders accepted (%lld units), %lld refused with 409\n",
              tally.orders_accepted.load(), tally.units_sold.load(), tally.refusals.load());
}

TEST(OversellRace, SqliteSellsExactlyTheUnitsLeft) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  TempDir dir;
  ServerProcess server({"serve", "--data", dir.path()}, kAdminKey, dir.file("server.log"));
  ASSERT_TRUE(server.wait_ready()) << server.log();
  run_oversell_race(server);
}

TEST(OversellRace, PostgresSellsExactlyTheUnitsLeft) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  std::string why;
  auto pg = oiis::testing::PostgresServer::start(&why);
  if (!pg) {
    std::printf("[ skipped  ] PostgreSQL unavailable: %s\n", why.c_str());
    OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  }
  ASSERT_TRUE(pg->create_database("oversell", &why)) << why;
  TempDir dir;
  ServerProcess server({"serve", "--data", dir.path(), "--store", pg->url("oversell")}, kAdminKey,
                       dir.file("server.log"));
  ASSERT_TRUE(server.wait_ready()) << server.log();
  run_oversell_race(server);
}

}  // namespace
}  // namespace oiis::itest
