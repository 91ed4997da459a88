// Durability and atomicity under a hard crash: orders are placed from several threads, the
// server is killed with SIGKILL mid-load and restarted on the same data folder. Every order the
// server acknowledged (201) must still be there with all its lines; any other order in the
// store must be a whole copy of a request that was in flight at the kill; and stock must equal
// the starting count minus exactly what the surviving orders took.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "integration/server_process.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;
using Lines = std::vector<LineSpec>;

// Enough clients that the writer commits groups of several orders and several groups are
// committed but not yet synced at any moment (pipelined group commit): the kill lands between
// a group's COMMIT and its fdatasync as often as anywhere else.
constexpr int kClients = 16;
constexpr long long kStartStock = 1'000'000;  // never short: every refusal would be a bug

// Every request carries a unique external_id, so any order found after the restart can be
// traced to the exact request that created it.
struct LoadResult {
  std::mutex mutex;
  std::map<long long, Lines> acknowledged;     // order id -> lines asked for
  std::map<std::string, Lines> in_flight;      // external_id -> lines; sent, the kill came first
  std::vector<std::string> unexpected;         // any other answer
};

Lines random_lines(std::mt19937& rng, const std::vector<std::string>& skus) {
  std::vector<std::string> pool = skus;
  std::shuffle(pool.begin(), pool.end(), rng);
  int n = std::uniform_int_distribution<int>(1, 3)(rng);
  Lines lines;
  for (int i = 0; i < n; ++i)
    lines.push_back({pool[i], std::uniform_int_distribution<long long>(1, 5)(rng)});
  return lines;
}

Lines lines_of(const Json& order) {
  Lines lines;
  for (const auto& l : order.value("lines", Json::array()))
    lines.push_back({l.value("sku", ""), l.value("quantity", 0LL)});
  return lines;
}

// One client: places orders until the server stops answering.
void client_loop(int port, int seed, std::optional<long long> customer,
                 const std::vector<std::string>& skus, LoadResult& out) {
  Api api(port, kAdminKey, 10s);
  std::mt19937 rng(seed);
  for (int n = 0;; ++n) {
    Lines lines = random_lines(rng, skus);
    std::string external_id = "crash-" + std::to_string(seed) + "-" + std::to_string(n);
    Response r = post_order(api, customer, lines, {}, external_id);
    std::lock_guard lock(out.mutex);
    if (r.status == 0) {
      out.in_flight[external_id] = lines;
      return;
    }
    if (r.status != 201) {
      out.unexpected.push_back(std::to_string(r.status) + " " + r.body);
      return;
    }
    Json order = r.json();
    out.acknowledged[order.value("id", 0LL)] = lines;
    if (lines_of(order) != lines) out.unexpected.push_back("201 with other lines: " + r.body);
  }
}

long long order_count(Api& api) {
  auto r = api.get("/api/v1/stats");
  EXPECT_EQ(r.status, 200) << r.body;
  Json j = r.json();
  // Accept both a flat stats object and one nesting the store's counts.
  if (j.contains("orders") && j["orders"].is_number()) return j["orders"].get<long long>();
  if (j.contains("store") && j["store"].contains("orders")) return j["store"]["orders"].get<long long>();
  ADD_FAILURE() << "no order count in /api/v1/stats: " << r.body;
  return -1;
}

// The orders with id > `after`, probing ids upward until `expected` are found. Ids grow with
// each placement; a few gaps (ids burnt by rolled-back transactions) are tolerated.
std::map<long long, Json> orders_after(Api& api, long long after, long long expected) {
  std::map<long long, Json> found;
  int misses = 0;
  for (long long id = after + 1; (long long)found.size() < expected && misses < 1000; ++id) {
    auto r = api.get("/api/v1/orders/" + std::to_string(id));
    if (r.status == 200) {
      found[id] = r.json();
      misses = 0;
    } else {
      EXPECT_EQ(r.status, 404) << "GET order " << id << ": " << r.body;
      ++misses;
    }
  }
  return found;
}

TEST(CrashRecovery, AcknowledgedOrdersSurviveKill9) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  TempDir dir;
  std::vector<std::string> serve{"serve", "--data", dir.path()};
  auto first = std::make_unique<ServerProcess>(serve, kAdminKey, dir.file("server-1.log"));
  ASSERT_TRUE(first->wait_ready()) << first->log();
  Api api(first->port());

  auto skus = first_skus(api, 5);
  ASSERT_EQ(skus.size(), 5u);
  auto location = default_location(api, skus[0]);
  ASSERT_TRUE(location);
  auto customer = first_customer_id(api);
  // A sentinel order: every order placed after it has a larger id.
  Response sentinel = post_order(api, customer, {{skus[0], 1}});
  ASSERT_EQ(sentinel.status, 201) << sentinel.body;
  long long sentinel_id = sentinel.json().value("id", 0LL);
  ASSERT_GT(sentinel_id, 0);
  for (const auto& sku : skus) ASSERT_TRUE(set_stock(api, sku, *location, kStartStock));
  long long orders_before = order_count(api);

  LoadResult load;
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back(client_loop, first->port(), 1000 + i, customer, std::cref(skus),
                         std::ref(load));
  // Kill once a good number of orders is acknowledged, at a moment that varies run to run.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(load.mutex);
      if (load.acknowledged.size() >= 1000 || !load.unexpected.empty()) break;
    }
    std::this_thread::sleep_for(5ms);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(std::random_device{}() % 50));
  first->kill9();
  for (auto& t : clients) t.join();
  ASSERT_TRUE(load.unexpected.empty()) << load.unexpected.front() << "\n" << first->log();
  ASSERT_GE(load.acknowledged.size(), 50u) << "too little load before the kill\n" << first->log();
  first.reset();

  ServerProcess second(serve, kAdminKey, dir.file("server-2.log"));
  ASSERT_TRUE(second.wait_ready()) << second.log();
  Api after(second.port());

  long long new_orders = order_count(after) - orders_before;
  auto found = orders_after(after, sentinel_id, new_orders);
  EXPECT_EQ((long long)found.size(), new_orders) << "orders counted but not readable by id";
  EXPECT_GE(new_orders, (long long)load.acknowledged.size()) << "acknowledged orders lost";
  EXPECT_LE(new_orders, (long long)(load.acknowledged.size() + load.in_flight.size()))
      << "more orders than were ever sent";

  // Every acknowledged order is there, with exactly the lines it was acknowledged with.
  for (const auto& [id, lines] : load.acknowledged) {
    auto it = found.find(id);
    ASSERT_NE(it, found.end()) << "acknowledged order " << id << " lost in the crash";
    EXPECT_EQ(lines_of(it->second), lines) << "order " << id << " changed: " << it->second.dump();
  }
  // Any other order comes from a request in flight at the kill, with all of its lines.
  for (const auto& [id, order] : found) {
    if (load.acknowledged.count(id)) continue;
    auto request = load.in_flight.find(order.value("external_id", ""));
    ASSERT_NE(request, load.in_flight.end()) << "order " << id << " from no in-flight request: "
                                             << order.dump();
    EXPECT_EQ(lines_of(order), request->second) << "half-written order " << id << ": " << order.dump();
  }

  // Stock moved by exactly what the surviving orders took.
  std::map<std::string, long long> taken;
  for (const auto& [id, order] : found)
    for (const auto& line : lines_of(order)) taken[line.sku] += line.quantity;
  for (const auto& sku : skus) {
    auto now = on_hand(after, sku, *location);
    ASSERT_TRUE(now);
    EXPECT_EQ(*now, kStartStock - taken[sku]) << sku;
  }
  std::printf("[ crash    ] %zu acknowledged, %zu in flight at kill, %lld orders after restart\n",
              load.acknowledged.size(), load.in_flight.size(), new_orders);
}

}  // namespace
}  // namespace oiis::itest
