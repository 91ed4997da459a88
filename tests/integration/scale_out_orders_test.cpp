// Two `oiis serve` processes on one PostgreSQL under concurrent orders, one killed with SIGKILL
// mid-run. Clients place orders with idempotency keys and, when a process stops answering,
// retry the same request on the other one (what a load balancer's retry does). Afterwards the
// database must show: no oversell (the scarce SKU never below zero; on hand equal to the sum of
// its movements and to the count minus every stored order's units), no duplicate order for a
// key, every acknowledged order present with the lines asked for, no order for a refused key,
// and no order nobody asked for.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "integration/server_process.h"
#include "support/postgres_server.h"
#include "support/required_part.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;
using Lines = std::vector<LineSpec>;

constexpr int kScaleClients = 8;
constexpr int kOrdersPerClient = 50;
constexpr long long kScarceUnits = 150;  // half the orders want 2 on average: ~2.5x this
constexpr long long kPlentyUnits = 1'000'000;
constexpr int kAttemptsPerOrder = 6;

// What the clients were told.
struct ClientLedger {
  std::mutex mutex;
  std::map<std::string, Lines> sent;              // every idempotency key sent, with its lines
  std::map<std::string, long long> acknowledged;  // key -> order id (201, or 200 replayed)
  std::vector<std::string> refused;               // keys refused with 409 (short stock)
  std::vector<std::string> unexpected;
  std::atomic<int> acks{0}, retries{0}, replays{0}, clients_done{0};
};

// Every order takes 1-2 of the plentiful SKU; half of them first take 1-3 of the scarce one.
Lines random_order_lines(std::mt19937& rng, const std::string& scarce, const std::string& plenty) {
  Lines lines;
  if (std::bernoulli_distribution(0.5)(rng))
    lines.push_back({scarce, std::uniform_int_distribution<long long>(1, 3)(rng)});
  lines.push_back({plenty, std::uniform_int_distribution<long long>(1, 2)(rng)});
  return lines;
}

// Sends one order until some process answers it; flips `target` to the other process on a
// connection failure (no answer at all).
void place_with_failover(std::vector<Api>& processes, int& target, const std::string& key,
                         const Lines& lines, ClientLedger& ledger) {
  for (int attempt = 0; attempt < kAttemptsPerOrder; ++attempt) {
    Response r = post_order(processes[target], std::nullopt, lines, key);
    if (r.status == 0) {
      ++ledger.retries;
      target = 1 - target;
      continue;
    }
    std::lock_guard lock(ledger.mutex);
    if (r.status == 201 || r.status == 200) {
      ledger.acknowledged[key] = r.json().value("id", 0LL);
      ++ledger.acks;
      if (r.status == 200) ++ledger.replays;
    } else if (r.status == 409 && r.json()["error"].value("field", "") == "lines[0].quantity") {
      ledger.refused.push_back(key);
    } else {
      ledger.unexpected.push_back(key + ": " + std::to_string(r.status) + " " + r.body);
    }
    return;
  }
  std::lock_guard lock(ledger.mutex);
  ledger.unexpected.push_back(key + ": no process answered");
}

void scale_client(int index, std::vector<int> ports, std::string scarce, std::string plenty,
                  ClientLedger& ledger) {
  std::vector<Api> processes;
  for (int port : ports) processes.emplace_back(port, kAdminKey, 10s);
  std::mt19937 rng(100 + index);
  int target = index % 2;  // half the clients start on each process
  for (int n = 0; n < kOrdersPerClient; ++n) {
    const std::string key = "client" + std::to_string(index) + "-order" + std::to_string(n);
    const Lines lines = random_order_lines(rng, scarce, plenty);
    {
      std::lock_guard lock(ledger.mutex);
      ledger.sent[key] = lines;
    }
    place_with_failover(processes, target, key, lines, ledger);
  }
  ++ledger.clients_done;
}

// What the database holds after the run.
struct StoredOrders {
  std::map<std::string, std::pair<long long, Lines>> by_key;  // client's key -> id, lines
  long long orders = 0;
  std::map<std::string, long long> units;  // by sku, over every stored order's lines
};

StoredOrders read_stored_orders(pqxx::connection& db) {
  pqxx::work txn(db);
  StoredOrders out;
  // Keys are stored scoped to the caller ("<key hash prefix>:<client's key>").
  for (const auto& row : txn.exec(
           "SELECT o.id, substr(o.idempotency_key, strpos(o.idempotency_key, ':') + 1), p.sku, "
           "l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id "
           "JOIN products p ON p.id = l.product_id ORDER BY o.id, l.id")) {
    auto& [id, lines] = out.by_key[row[1].as<std::string>()];
    if (id != row[0].as<long long>()) ++out.orders;
    id = row[0].as<long long>();
    lines.push_back({row[2].as<std::string>(), row[3].as<long long>()});
    out.units[row[2].as<std::string>()] += row[3].as<long long>();
  }
  return out;
}

// on_hand and the sum of the stock movements of `sku` (every location).
std::pair<long long, long long> stock_and_movements(pqxx::connection& db, const std::string& sku) {
  pqxx::work txn(db);
  auto row = txn.exec_params1(
      "SELECT (SELECT sum(on_hand) FROM stock_levels s JOIN products p ON p.id = s.product_id "
      "WHERE p.sku = $1), (SELECT coalesce(sum(m.quantity), 0) FROM stock_movements m "
      "JOIN products p ON p.id = m.product_id WHERE p.sku = $1)",
      sku);
  return {row[0].as<long long>(), row[1].as<long long>()};
}

void set_up_catalogue(Api& api, long long& location) {
  Response l = api.post("/api/v1/locations", {{"code", "WH1"}, {"name", "Warehouse"}});
  ASSERT_EQ(l.status, 201) << l.body;
  location = l.json().value("id", 0LL);
  for (const char* sku : {"SCARCE-1", "PLENTY-1"})
    ASSERT_EQ(api.post("/api/v1/products", {{"sku", sku}, {"name", sku}, {"price", 3.0}}).status,
              201);
  ASSERT_TRUE(set_stock(api, "SCARCE-1", location, kScarceUnits));
  ASSERT_TRUE(set_stock(api, "PLENTY-1", location, kPlentyUnits));
}

// One order per key; every acknowledged order stored as asked; none for a refused key; none
// nobody asked for.
void expect_stored_orders_match_ledger(const StoredOrders& stored, const ClientLedger& ledger) {
  EXPECT_EQ(stored.orders, static_cast<long long>(stored.by_key.size()))
      << "some idempotency key has more than one order";
  for (const auto& [key, id] : ledger.acknowledged) {
    auto it = stored.by_key.find(key);
    ASSERT_NE(it, stored.by_key.end()) << "acknowledged order " << id << " (" << key << ") is missing";
    EXPECT_EQ(it->second.first, id) << key;
    EXPECT_EQ(it->second.second, ledger.sent.at(key)) << key << ": stored lines differ";
  }
  for (const auto& key : ledger.refused) EXPECT_FALSE(stored.by_key.count(key)) << key;
  for (const auto& [key, order] : stored.by_key)
    EXPECT_TRUE(ledger.sent.count(key)) << "order " << order.first << " nobody asked for";
}

// No oversell: on hand >= 0, equal to the sum of the movements and to the count minus what
// the stored orders took.
void expect_stock_consistent(pqxx::connection& db, const StoredOrders& stored) {
  const auto [scarce_on_hand, scarce_moved] = stock_and_movements(db, "SCARCE-1");
  EXPECT_GE(scarce_on_hand, 0) << "oversold";
  EXPECT_EQ(scarce_on_hand, scarce_moved) << "on hand disagrees with the movements";
  EXPECT_EQ(scarce_on_hand, kScarceUnits - stored.units.at("SCARCE-1"));
  const auto [plenty_on_hand, plenty_moved] = stock_and_movements(db, "PLENTY-1");
  EXPECT_EQ(plenty_on_hand, plenty_moved);
  EXPECT_EQ(plenty_on_hand, kPlentyUnits - stored.units.at("PLENTY-1"));
}

TEST(ScaleOut, TwoProcessesOneKilledMidRunLoseNothingAndDuplicateNothing) {
  if (oiis_binary().empty())
    OIIS_SKIP_UNLESS_REQUIRED("no oiis binary: set OIIS_BINARY (ctest does)");
  std::string why;
  auto pg = oiis::testing::PostgresServer::start(&why);
  if (!pg) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
  ASSERT_TRUE(pg->create_database("scale", &why)) << why;
  TempDir dir_a, dir_b;
  auto serve = [&](const TempDir& dir) {
    return std::make_unique<ServerProcess>(
        std::vector<std::string>{"serve", "--data", dir.path(), "--store", pg->url("scale"),
                                 "--no-seed"},
        kAdminKey, dir.file("server.log"));
  };
  auto a = serve(dir_a);
  ASSERT_TRUE(a->wait_ready()) << a->log();
  auto b = serve(dir_b);
  ASSERT_TRUE(b->wait_ready()) << b->log();
  Api admin(b->port());
  long long location = 0;
  set_up_catalogue(admin, location);
  if (HasFatalFailure()) return;

  ClientLedger ledger;
  std::vector<std::thread> clients;
  for (int i = 0; i < kScaleClients; ++i)
    clients.emplace_back(scale_client, i, std::vector<int>{a->port(), b->port()}, "SCARCE-1",
                         "PLENTY-1", std::ref(ledger));
  // The kill lands once a quarter of the orders are acknowledged: mid-run, under load.
  while (ledger.acks < kScaleClients * kOrdersPerClient / 4 && ledger.clients_done < kScaleClients)
    std::this_thread::sleep_for(1ms);
  const int acks_at_kill = ledger.acks;
  a->kill9();
  for (auto& t : clients) t.join();

  ASSERT_TRUE(ledger.unexpected.empty()) << ledger.unexpected.front() << "\n" << b->log();
  EXPECT_GT(ledger.acks.load(), acks_at_kill) << "orders went on through the survivor";
  EXPECT_GT(ledger.retries.load(), 0) << "some client had to fail over";
  EXPECT_FALSE(ledger.refused.empty()) << "demand exceeded the scarce stock";

  pqxx::connection db(pg->url("scale"));
  const StoredOrders stored = read_stored_orders(db);
  expect_stored_orders_match_ledger(stored, ledger);
  expect_stock_consistent(db, stored);
  std::printf("[ scale    ] %d acknowledged (%d before the kill, %d replayed on failover), "
              "%zu refused, %d retries on the other process, %lld orders stored, %lld of %lld "
              "scarce units sold\n",
              ledger.acks.load(), acks_at_kill, ledger.replays.load(), ledger.refused.size(),
              ledger.retries.load(), stored.orders, stored.units.at("SCARCE-1"), kScarceUnits);
}

}  // namespace
}  // namespace oiis::itest
