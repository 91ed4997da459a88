// The SQLite backend: the shared contract, plus what only SQLite has (files, WAL, the
// group-committing writer thread, bulk loading through the writer connection).
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "store/backup.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/wal_checkpointer.h"
#include "store/sqlite/wal_syncer.h"
#include "store/store_contract.h"

namespace oiis::testing {

std::unique_ptr<Store> make_sqlite_store(const StoreOptions& options) {
  auto store = open_sqlite_store(":memory:", options);
  if (!store) {
    std::fprintf(stderr, "sqlite store: %s\n", store.status().to_string().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
                         ::testing::Values(StoreBackend{"sqlite", &make_sqlite_store}));

// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "oiis-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A store with one location and `skus` products each holding `units` on hand.
struct Shop {
  std::unique_ptr<Store> store;
  Id location = 0;
};

Shop open_shop(const std::string& path, std::vector<std::string> skus, Quantity units) {
  Shop shop{must(open_sqlite_store(path, {})), 0};
  Location l;
  l.code = "WH1";
  shop.location = must(shop.store->create_location(l)).id;
  for (const auto& sku : skus) {
    Product p;
    p.sku = sku;
    p.name = sku;
    p.price = 2.0;
    Id id = must(shop.store->create_product(p)).id;
    must(shop.store->adjust_stock({id, shop.location, MovementType::kReceipt, units, "", {}}));
  }
  return shop;
}

std::string pragma_text(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(SqliteStore, FileStoreKeepsAcknowledgedWritesAcrossReopen) {
  ScratchDir dir;
  std::string path = dir.file("shop.db");
  Id order_id = 0;
  {
    Shop shop = open_shop(path, {"SKU-1"}, 10);
    order_id = must(shop.store->place_order(order_for("SKU-1", 3))).order.id;
  }
  auto reopened = must(open_sqlite_store(path, {}));  // migrations are not applied twice
  Order o = must(reopened->get_order(order_id));
  ASSERT_EQ(o.lines.size(), 1u);
  EXPECT_EQ(o.lines[0].quantity, 3);
  Id product = must(reopened->get_product_by_sku("SKU-1")).id;
  EXPECT_EQ(must(reopened->get_stock(product, o.location_id)).on_hand, 7);
  EXPECT_EQ(pragma_text(path, "PRAGMA journal_mode"), "wal");
  std::string every_version;  // each migration recorded exactly once
  for (const Migration& m : sqlite_migrations())
    every_version += (every_version.empty() ? "" : ",") + std::to_string(m.version);
  EXPECT_EQ(pragma_text(path, "SELECT group_concat(version) FROM schema_migrations"),
            every_version);
}

TEST(SqliteStore, MemoryStoresArePrivateToEachOpen) {
  auto a = must(open_sqlite_store(":memory:", {}));
  auto b = must(open_sqlite_store(":memory:", {}));
  Location l;
  l.code = "WH1";
  must(a->create_location(l));
  EXPECT_EQ(must(a->list_locations()).size(), 1u);
  EXPECT_TRUE(must(b->list_locations()).empty());
  EXPECT_EQ(a->backend_name(), "sqlite");
}

TEST(SqliteStore, OpeningAnUnwritablePathFails) {
  auto r = open_sqlite_store("/nonexistent-dir/for/sure/shop.db", {});
  EXPECT_FALSE(r.is_ok());
}

// Many writers at once on a durable (synchronous=FULL) file: every order is acknowledged,
// and refused orders mixed into the same commit groups do not disturb the others.
TEST(SqliteStore, GroupCommitKeepsGoodOrdersWhenOthersInTheGroupFail) {
  constexpr int kThreads = 16, kOrdersPerThread = 150;
  ScratchDir dir;
  Shop shop = open_shop(dir.file("shop.db"), {"PLENTY", "SCARCE"}, 100000);
  must(shop.store->adjust_stock({must(shop.store->get_product_by_sku("SCARCE")).id,
                                 shop.location,
                                 MovementType::kCount,
                                 0,
                                 "",
                                 {}}));
  std::atomic<int> placed{0}, refused{0}, unexpected{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t)
    clients.emplace_back([&, t] {
      for (int i = 0; i < kOrdersPerThread; ++i) {
        bool bad = (i + t) % 5 == 0;
        auto r = shop.store->place_order(order_for(bad ? "SCARCE" : "PLENTY", 1));
        if (r)
          ++placed;
        else if (bad && r.status().code() == ErrorCode::kConflict)
          ++refused;
        else
          ++unexpected;
      }
    });
  for (auto& c : clients) c.join();
  double elapsed = seconds_since(start);
  std::printf("[ perf ] %d durable order placements from %d threads in %.3f s = %.0f orders/s\n",
              kThreads * kOrdersPerThread, kThreads, elapsed,
              kThreads * kOrdersPerThread / elapsed);

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(refused.load(), kThreads * kOrdersPerThread / 5);
  EXPECT_EQ(placed.load() + refused.load(), kThreads * kOrdersPerThread);
  Id plenty = must(shop.store->get_product_by_sku("PLENTY")).id;
  EXPECT_EQ(must(shop.store->get_stock(plenty, shop.location)).on_hand, 100000 - placed.load());
  EXPECT_EQ(must(shop.store->stats()).orders, placed.load());
}

// Pipelined group commit (store/sqlite/wal_syncer.h): every group handed to the syncer is
// acknowledged, in the order it came, after a sync that started once it had committed; the
// syncer's destructor acknowledges what is still waiting instead of dropping it.
TEST(WalSyncer, AcknowledgesEveryCommittedGroupInOrderAfterASync) {
  ScratchDir dir;
  const std::string path = dir.file("wal.db");
  sqlite::Connection writer(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  writer.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t (x)");
  std::mutex mutex;
  std::vector<int> acknowledged;
  {
    sqlite::WalSyncer syncer(path);
    auto commit = [&](int i) {
      writer.run("INSERT INTO t (x) VALUES (?1)", i);
      syncer.after_commit([&, i](const Status& synced) {
        EXPECT_TRUE(synced.is_ok()) << synced.to_string();
        std::lock_guard lock(mutex);
        acknowledged.push_back(i);
      });
    };
    for (int i = 0; i < 100; ++i) commit(i);
    ASSERT_TRUE(syncer.sync_now().is_ok());
    {
      std::lock_guard lock(mutex);
      EXPECT_EQ(acknowledged.size(), 100u);  // all handed over before sync_now
    }
    for (int i = 100; i < 200; ++i) commit(i);
  }
  ASSERT_EQ(acknowledged.size(), 200u);
  EXPECT_TRUE(std::is_sorted(acknowledged.begin(), acknowledged.end()));
}

TEST(WalSyncer, AGroupWhoseWalCannotBeSyncedIsNotAcknowledgedAsDurable) {
  ScratchDir dir;
  sqlite::WalSyncer syncer(dir.file("no-such.db"));
  Status synced = syncer.sync_now();
  EXPECT_EQ(synced.code(), ErrorCode::kInternal) << synced.to_string();
}

// SQLite's automatic checkpoint is off on a durable store's writer; the writer's own
// checkpoints, between groups, still move a long WAL into the database file (here after a
// bulk load, whose commit is made durable by the syncer).
TEST(SqliteStore, DurableStoreCheckpointsBetweenGroups) {
  constexpr int kProducts = 6000;  // ~one 4 KiB page each: past the 4000-frame threshold
  ScratchDir dir;
  const std::string path = dir.file("shop.db");
  auto store = must(open_sqlite_store(path, {}));
  const auto empty_size = std::filesystem::file_size(path);
  {
    auto bulk = must(store->begin_bulk());
    for (int i = 1; i <= kProducts; ++i) {
      Product p;
      p.sku = "SKU-" + std::to_string(i);
      p.name = p.sku;
      p.description = std::string(3000, 'd');
      p.price = 1.0;
      must(bulk->add_product(p));
    }
    ASSERT_TRUE(bulk->commit().is_ok());
  }
  auto start = std::chrono::steady_clock::now();
  while (std::filesystem::file_size(path) < empty_size + kProducts * 3000ull &&
         seconds_since(start) < 20)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(std::filesystem::file_size(path), empty_size + kProducts * 3000ull)
      << "the WAL was never checkpointed into the database file";
  EXPECT_EQ(must(store->stats()).products, kProducts);
}

// The checkpointer thread (store/sqlite/wal_checkpointer.h) copies committed WAL frames into
// the database file from its own connection while the writer's connection stays open.
TEST(WalCheckpointer, CopiesTheWalIntoTheDatabaseFileOffTheWriter) {
  ScratchDir dir;
  const std::string path = dir.file("ckpt.db");
  sqlite::Connection writer(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  writer.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;"
      "CREATE TABLE t (x)");
  const auto empty_size = std::filesystem::file_size(path);
  for (int i = 0; i < 500; ++i) writer.run("INSERT INTO t (x) VALUES (?1)", std::string(2000, 'x'));
  ASSERT_EQ(std::filesystem::file_size(path), empty_size) << "nothing checkpointed yet";
  sqlite::WalCheckpointer checkpointer(path);
  checkpointer.request();
  auto start = std::chrono::steady_clock::now();
  while (checkpointer.completed() < 1 && seconds_since(start) < 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_GE(checkpointer.completed(), 1);
  EXPECT_GE(std::filesystem::file_size(path), empty_size + 500 * 2000ull);
}

// With the checkpointer copying ahead and the writer finishing between groups, SQLite still
// starts the WAL over: a steady stream of small writes leaves the -wal file bounded (it is
// reused from its start, not truncated) instead of growing with every write.
TEST(SqliteStore, DurableStoreKeepsItsWalBoundedUnderASteadyStreamOfWrites) {
  ScratchDir dir;
  const std::string path = dir.file("steady.db");
  auto store = must(open_sqlite_store(path, {}));
  std::uintmax_t largest_wal = 0, first_100 = 0;
  for (int i = 1; i <= 3000; ++i) {
    Product p;
    p.sku = "SKU-" + std::to_string(i);
    p.name = p.sku;
    p.description = std::string(3000, 'd');  // about a page of WAL per write
    p.price = 1.0;
    must(store->create_product(p));
    const auto wal = std::filesystem::file_size(path + "-wal");
    if (i == 100) first_100 = wal;
    largest_wal = std::max(largest_wal, wal);
  }
  // Without a restart the WAL would hold every write; with one it stays near the writer's
  // checkpoint threshold (4,000 pages) plus what joined while a checkpoint was busy.
  std::printf("[ info ] WAL after 100 writes %ju bytes, largest %ju bytes\n", first_100,
              largest_wal);
  ASSERT_GT(first_100 * 30, 6000u * 4096u) << "too few pages a write to test the restart";
  EXPECT_LT(largest_wal, 6000u * 4096u) << "the WAL was never started over";
  EXPECT_EQ(must(store->stats()).products, 3000);
}

TEST(SqliteStore, WritesFromOtherThreadsWaitForTheBulkLoad) {
  auto store = must(open_sqlite_store(":memory:", {}));
  auto bulk = must(store->begin_bulk());
  Location l;
  l.code = "BULK";
  must(bulk->add_location(l));

  // The bulk-loading thread itself must not queue behind its own load (it would deadlock).
  Location own;
  own.code = "OWN";
  EXPECT_EQ(store->create_location(own).status().code(), ErrorCode::kFailedPrecondition);

  std::atomic<bool> written{false};
  std::thread other([&] {
    Location later;
    later.code = "LATER";
    EXPECT_TRUE(store->create_location(later).is_ok());
    written = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(written.load());
  EXPECT_TRUE(store->list_locations()->empty());  // readers carry on, seeing nothing yet
  ASSERT_TRUE(bulk->commit().is_ok());
  other.join();
  EXPECT_TRUE(written.load());
  auto locations = must(store->list_locations());
  ASSERT_EQ(locations.size(), 2u);
  EXPECT_EQ(locations[0].code, "BULK");
}

TEST(SqliteStore, BulkLoadIsFast) {
  constexpr int kProducts = 2000, kCustomers = 5000, kOrders = 60000, kLinesPerOrder = 2;
  ScratchDir dir;
  auto store = must(open_sqlite_store(dir.file("bulk.db"), {}));
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  {
    auto bulk = must(store->begin_bulk());
    Location l;
    l.code = "WH1";
    Id location = must(bulk->add_location(l));
    for (int i = 1; i <= kProducts; ++i) {
      Product p;
      p.id = i;
      p.sku = "SKU-" + std::to_string(i);
      p.name = "Product " + std::to_string(i);
      p.price = 1.0 + i % 50;
      must(bulk->add_product(p));
    }
    for (int i = 1; i <= kCustomers; ++i) {
      Customer c;
      c.id = i;
      c.name = "Customer " + std::to_string(i);
      must(bulk->add_customer(c));
    }
    Order o;
    o.location_id = location;
    for (int i = 1; i <= kOrders; ++i) {
      o.id = i;
      o.customer_id = 1 + i % kCustomers;
      o.placed_at = 1600000000 + i * 60;
      o.lines.clear();
      for (int k = 0; k < kLinesPerOrder; ++k) {
        Id product = 1 + (i * 7 + k * 13) % kProducts;
        o.lines.push_back(OrderLine{0, 0, product, "SKU-" + std::to_string(product), 1, 2.0, 0.0});
      }
      must(bulk->add_order(o));
    }
    auto commit_start = std::chrono::steady_clock::now();
    ASSERT_TRUE(bulk->commit().is_ok());
    std::printf("[ perf ] bulk commit (index builds, WAL fsync, checkpoint) took %.3f s\n",
                seconds_since(commit_start));
  }
  double elapsed = seconds_since(start);
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  int rows = kProducts + kCustomers + kOrders * (1 + kLinesPerOrder);
  std::printf(
      "[ perf ] bulk load of %d rows (%d orders, %d lines) in %.3f s = %.0f rows/s "
      "(%.3f s CPU = %.0f rows per CPU second)\n",
      rows, kOrders, kOrders * kLinesPerOrder, elapsed, rows / elapsed, cpu, rows / cpu);
  StoreStats st = must(store->stats());
  EXPECT_EQ(st.orders, kOrders);
  EXPECT_EQ(st.order_lines, kOrders * kLinesPerOrder);
  EXPECT_LT(elapsed, 10.0);  // generous: catches pathological slowness (e.g. a commit per row)

  auto scan_start = std::chrono::steady_clock::now();
  std::int64_t lines = 0;
  ASSERT_TRUE(store
                  ->scan_orders({},
                                [&](const Order& o) {
                                  lines += static_cast<std::int64_t>(o.lines.size());
                                  return true;
                                })
                  .is_ok());
  std::printf("[ perf ] scan_orders over %d orders in %.3f s\n", kOrders,
              seconds_since(scan_start));
  EXPECT_EQ(lines, kOrders * kLinesPerOrder);
}

TEST(SqliteStore, ConcurrentReadersSeeCommittedWritesWhileWritersRun) {
  constexpr int kWriters = 4, kOrdersPerWriter = 40;
  ScratchDir dir;
  Shop shop = open_shop(dir.file("shop.db"), {"SKU-1"}, 1000000);
  Id product = must(shop.store->get_product_by_sku("SKU-1")).id;
  std::atomic<bool> stop{false};
  std::atomic<int> read_errors{0}, reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t)
    readers.emplace_back([&] {
      Quantity last = 1000000;
      while (!stop) {
        auto level = shop.store->get_stock(product, shop.location);
        if (!level || level->on_hand > last) ++read_errors;  // stock only goes down here
        if (level) last = level->on_hand;
        ++reads;
        std::this_thread::yield();
      }
    });
  std::vector<std::thread> writers;
  for (int t = 0; t < kWriters; ++t)
    writers.emplace_back([&] {
      for (int i = 0; i < kOrdersPerWriter; ++i)
        EXPECT_TRUE(shop.store->place_order(order_for("SKU-1", 1)).is_ok());
    });
  for (auto& w : writers) w.join();
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(read_errors.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(must(shop.store->get_stock(product, shop.location)).on_hand,
            1000000 - kWriters * kOrdersPerWriter);
}

}  // namespace
}  // namespace oiis::testing

namespace oiis::testing {
namespace {

// oiis backup's engine: a copy taken while a writer thread places orders holds every order
// committed before it started, passes its integrity check, and restores (once; a second
// restore over the store needs `replace`).
TEST(SqliteBackup, CopyUnderWritesHoldsEveryEarlierOrderAndRestores) {
  ScratchDir dir;
  Shop shop = open_shop(dir.file("oiis.db"), {"A", "B"}, 1'000'000);
  std::atomic<bool> stop{false};
  std::atomic<long long> placed{0};
  std::thread writer([&] {
    while (!stop)
      if (shop.store->place_order(order_for(placed % 2 ? "A" : "B", 1)).is_ok()) ++placed;
  });
  while (placed < 200) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const long long before = placed;
  auto copy = backup_sqlite(dir.file("oiis.db"), dir.file("backup.db"));
  stop = true;
  writer.join();
  ASSERT_TRUE(copy.is_ok()) << copy.status().to_string();
  EXPECT_GE(copy->orders, before);
  EXPECT_LE(copy->orders, placed.load());
  EXPECT_FALSE(std::filesystem::exists(dir.file("backup.db.tmp")));
  EXPECT_EQ(backup_sqlite(dir.file("oiis.db"), dir.file("backup.db")).status().code(),
            ErrorCode::kAlreadyExists);

  auto restored = restore_sqlite(dir.file("backup.db"), dir.file("restored.db"), false);
  ASSERT_TRUE(restored.is_ok()) << restored.status().to_string();
  EXPECT_EQ(restored->orders, copy->orders);
  EXPECT_EQ(restore_sqlite(dir.file("backup.db"), dir.file("restored.db"), false).status().code(),
            ErrorCode::kAlreadyExists);
  auto reopened = must(open_sqlite_store(dir.file("restored.db"), {}));
  EXPECT_EQ(must(reopened->stats()).orders, copy->orders);
}

TEST(SqliteBackup, RestoreRefusesAFileThatIsNotAStore) {
  ScratchDir dir;
  {
    std::FILE* f = std::fopen(dir.file("junk.db").c_str(), "w");
    std::fputs("not a database", f);
    std::fclose(f);
  }
  auto r = restore_sqlite(dir.file("junk.db"), dir.file("oiis.db"), true);
  EXPECT_FALSE(r.is_ok());
  EXPECT_FALSE(std::filesystem::exists(dir.file("oiis.db")));
}

}  // namespace
}  // namespace oiis::testing
