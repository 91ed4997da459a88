// `oiis backup` under order load: the copy is taken while four clients place orders, restored
// into a fresh data folder with `oiis restore`, and served again. Every order acknowledged
// before the backup started must be in the restored store, whole; the backup command and the
// load must both have succeeded meanwhile.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "integration/server_process.h"

namespace oiis::itest {
namespace {

using namespace std::chrono_literals;

struct Acknowledged {
  std::mutex mutex;
  std::map<long long, std::vector<LineSpec>> orders;  // id -> lines
  std::vector<std::string> unexpected;
};

void place_until(int port, int seed, const std::vector<std::string>& skus,
                 std::atomic<bool>& stop, Acknowledged& out) {
  Api api(port, kAdminKey, 10s);
  for (int n = 0; !stop; ++n) {
    std::vector<LineSpec> lines = {{skus[(seed + n) % skus.size()], 1 + n % 3}};
    Response r = post_order(api, std::nullopt, lines, {},
                            "backup-" + std::to_string(seed) + "-" + std::to_string(n));
    std::lock_guard lock(out.mutex);
    if (r.status != 201) {
      out.unexpected.push_back(std::to_string(r.status) + " " + r.body);
      return;
    }
    out.orders[r.json().value("id", 0LL)] = lines;
  }
}

int run_oiis(const std::string& args) {
  return std::system((oiis_binary() + " " + args + " > /dev/null 2>&1").c_str());
}

TEST(Backup, TakenUnderOrderLoadRestoresEveryAcknowledgedOrder) {
  if (oiis_binary().empty()) GTEST_SKIP() << "no oiis binary: set OIIS_BINARY (ctest does)";
  TempDir dir, restored;
  auto server = std::make_unique<ServerProcess>(
      std::vector<std::string>{"serve", "--data", dir.path()}, kAdminKey);
  ASSERT_TRUE(server->wait_ready()) << server->log();
  Api api(server->port());
  auto skus = first_skus(api, 5);
  ASSERT_EQ(skus.size(), 5u);
  auto location = default_location(api, skus[0]);
  ASSERT_TRUE(location);
  for (const auto& sku : skus) ASSERT_TRUE(set_stock(api, sku, *location, 1'000'000));

  Acknowledged load;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back(place_until, server->port(), i, std::cref(skus), std::ref(stop),
                         std::ref(load));
  auto acknowledged_count = [&] {
    std::lock_guard lock(load.mutex);
    return load.orders.size();
  };
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (acknowledged_count() < 200 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  std::map<long long, std::vector<LineSpec>> before_backup;
  {
    std::lock_guard lock(load.mutex);
    before_backup = load.orders;
  }
  const std::string file = dir.file("backup.db");
  const int backup_rc = run_oiis("backup --data " + dir.path() + " --to " + file);
  const size_t acknowledged_at_backup_end = acknowledged_count();
  std::this_thread::sleep_for(200ms);  // the load goes on after the copy
  stop = true;
  for (auto& c : clients) c.join();
  ASSERT_EQ(backup_rc, 0);
  ASSERT_TRUE(load.unexpected.empty()) << load.unexpected.front();
  ASSERT_GE(before_backup.size(), 200u);
  EXPECT_GT(acknowledged_at_backup_end, before_backup.size()) << "the backup ran without load";
  server->stop();

  ASSERT_EQ(run_oiis("restore --data " + restored.path() + " --from " + file), 0);
  EXPECT_NE(run_oiis("restore --data " + restored.path() + " --from " + file), 0)
      << "restore over an existing store needs --replace";
  ServerProcess again({"serve", "--data", restored.path(), "--no-seed"}, kAdminKey);
  ASSERT_TRUE(again.wait_ready()) << again.log();
  Api check(again.port());
  long long missing = 0;
  for (const auto& [id, lines] : before_backup) {
    Response r = check.get("/api/v1/orders/" + std::to_string(id));
    if (r.status != 200) {
      ++missing;
      continue;
    }
    const Json order = r.json();  // kept: the loop below reads into it
    std::vector<LineSpec> got;
    for (const auto& l : order["lines"])
      got.push_back({l["sku"].get<std::string>(), l["quantity"].get<long long>()});
    EXPECT_EQ(got, lines) << "order " << id;
  }
  EXPECT_EQ(missing, 0) << "of " << before_backup.size() << " acknowledged before the backup";
  std::printf("backup under load: %zu orders acknowledged before it, all restored\n",
              before_backup.size());
}

}  // namespace
}  // namespace oiis::itest
