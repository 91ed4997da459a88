// PostgreSQL backend: the shared StoreContract suite plus what only PostgreSQL has (migration
// locking, connection errors, concurrent stock taking across pooled connections, COPY bulk load).
// One throwaway server serves the whole binary; every test gets a fresh database.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <unistd.h>
#include <cstdio>
#include <mutex>
#include <pqxx/pqxx>
#include <thread>

#include "store/migrations.h"
#include "store/postgres/postgres_store.h"
#include "store/store.h"
#include "store/store_contract.h"
#include "support/postgres_server.h"
#include "support/required_part.h"

namespace oiis::testing {
namespace {

// Started on first use (not at --gtest_list_tests), stopped at exit.
PostgresServer* shared_server(std::string* why_not) {
  static std::once_flag once;
  static std::unique_ptr<PostgresServer> server;
  static std::string reason;
  std::call_once(once, [] { server = PostgresServer::start(&reason); });
  if (!server && why_not) *why_not = reason;
  return server.get();
}

}  // namespace

// A new, empty, migrated database on the shared server; "" (with *why_not) when that is
// impossible. Databases are copied from a template migrated once, over one admin connection,
// which keeps the per-test cost to a file copy.
std::string fresh_postgres_database_url(std::string* why_not) {
  static std::mutex mu;
  static std::unique_ptr<pqxx::connection> admin;
  static int counter = 0;
  PostgresServer* pg = shared_server(why_not);
  if (!pg) return {};
  std::lock_guard lock(mu);
  try {
    if (!admin) {
      if (!pg->create_database("oiis_template", why_not)) return {};
      auto migrated = open_postgres_store(pg->url("oiis_template"), {});
      if (!migrated) {
        if (why_not) *why_not = migrated.status().to_string();
        return {};
      }
      // The template's own connections close with the store: a template must be unused.
      admin = std::make_unique<pqxx::connection>(pg->url("postgres"));
    }
    std::string name = "t_" + std::to_string(++counter);
    pqxx::nontransaction(*admin).exec("CREATE DATABASE " + name + " TEMPLATE oiis_template");
    return pg->url(name);
  } catch (const std::exception& e) {
    if (why_not) *why_not = e.what();
    return {};
  }
}

std::unique_ptr<Store> make_postgres_store(const StoreOptions& options) {
  std::string why;
  std::string url = fresh_postgres_database_url(&why);
  if (url.empty()) {
    std::printf("[ skipped  ] PostgreSQL unavailable: %s\n", why.c_str());
    return nullptr;
  }
  auto store = open_postgres_store(url, options);
  if (!store) {
    std::printf("open_postgres_store(%s) failed: %s\n", url.c_str(),
                store.status().to_string().c_str());
    return nullptr;
  }
  return std::move(store).value();
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract,
                         ::testing::Values(StoreBackend{"postgres", &make_postgres_store}));

namespace {

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    url_ = fresh_postgres_database_url(&why);
    if (url_.empty()) OIIS_SKIP_UNLESS_REQUIRED("PostgreSQL unavailable: " << why);
    store_ = open(StoreOptions{});
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> open(const StoreOptions& options) {
    auto s = open_postgres_store(url_, options);
    EXPECT_TRUE(s.is_ok()) << s.status().to_string();
    return s ? std::move(s).value() : nullptr;
  }

  Id add_location(const std::string& code) {
    auto l = store_->create_location({0, code, "Location " + code, "warehouse"});
    EXPECT_TRUE(l.is_ok()) << l.status().to_string();
    return l ? l->id : 0;
  }

  Id add_product(const std::string& sku, double price = 10.0) {
    Product p;
    p.sku = sku;
    p.name = "Product " + sku;
    p.price = price;
    auto r = store_->create_product(p);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r ? r->id : 0;
  }

  void set_on_hand(Id product, Id location, Quantity units) {
    StockAdjustment a{product, location, MovementType::kCount, units, "initial count", {}};
    auto r = store_->adjust_stock(a);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  }

  static OrderRequest order_of(const std::string& sku, Quantity quantity) {
    OrderRequest r;
    r.lines.push_back({sku, quantity, std::nullopt, 0.0});
    return r;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_F(PostgresStoreTest, ReportsItsBackend) {
  EXPECT_EQ(store_->backend_name(), "postgres");
  auto stats = store_->stats();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(stats->backend, "postgres");
  EXPECT_EQ(stats->products, 0);
  EXPECT_FALSE(stats->first_order_at.has_value());
}

TEST_F(PostgresStoreTest, ReopeningAndConcurrentOpensMigrateOnce) {
  // The fixture's open migrated t_N; more opens, several at once, must neither fail nor
  // re-apply anything, and the data stays.
  Id location = add_location("WH1");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      auto s = open_postgres_store(url_, {});
      if (!s) ++failures;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto again = open(StoreOptions{});
  ASSERT_NE(again, nullptr);
  auto l = again->get_location(location);
  ASSERT_TRUE(l.is_ok()) << l.status().to_string();
  EXPECT_EQ(l->code, "WH1");
}

TEST_F(PostgresStoreTest, ConcurrentFirstOpensOfAFreshDatabaseAllSucceed) {
  std::string why;
  PostgresServer* pg = shared_server(&why);
  ASSERT_NE(pg, nullptr) << why;
  ASSERT_TRUE(pg->create_database("unmigrated", &why)) << why;  // not from the template
  const std::string url = pg->url("unmigrated");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::string first_error;
  std::mutex mu;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      auto s = open_postgres_store(url, {});
      if (s) {
        ++ok;
      } else {
        std::lock_guard lock(mu);
        first_error = s.status().to_string();
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 6) << first_error;
  // Each migration was applied and recorded once, under the advisory lock.
  pqxx::connection conn(url);
  pqxx::nontransaction q(conn);
  EXPECT_EQ(q.exec1("SELECT count(*) FROM schema_migrations")[0].as<size_t>(),
            postgres_migrations().size());
}

TEST(PostgresConnection, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  auto s = open_postgres_store("postgresql://nobody:secret@127.0.0.1:1/none", {});
  ASSERT_FALSE(s.is_ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.status().message().find("cannot connect to PostgreSQL"), std::string::npos)
      << s.status().message();
  EXPECT_EQ(s.status().message().find("secret"), std::string::npos) << "password leaked";
}

TEST_F(PostgresStoreTest, UniqueAndForeignKeyViolationsNameTheField) {
  add_product("SKU-1");
  Product dup;
  dup.sku = "SKU-1";
  dup.name = "again";
  dup.price = 1;
  auto r = store_->create_product(dup);
  EXPECT_EQ(r.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(r.status().field(), "sku");

  Product orphan;
  orphan.sku = "SKU-2";
  orphan.name = "orphan";
  orphan.price = 1;
  orphan.supplier_id = 999;
  r = store_->create_product(orphan);
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.status().field(), "supplier_id");

  // external_id is unique only when set.
  ASSERT_TRUE(store_->create_customer({0, "", "a", "", "", 0}).is_ok());
  ASSERT_TRUE(store_->create_customer({0, "", "b", "", "", 0}).is_ok());
  ASSERT_TRUE(store_->create_customer({0, "C1", "c", "", "", 0}).is_ok());
  auto c = store_->create_customer({0, "C1", "d", "", "", 0});
  EXPECT_EQ(c.status().code(), ErrorCode::kAlreadyExists);
  EXPECT_EQ(c.status().field(), "external_id");
}

TEST_F(PostgresStoreTest, ConcurrentOrdersNeverOversell) {
  Id location = add_location("WH1");
  add_product("HOT");
  auto product = store_->get_product_by_sku("HOT");
  ASSERT_TRUE(product.is_ok());
  set_on_hand(product->id, location, 25);

  constexpr int kThreads = 8, kPerThread = 6;  // 48 attempts at 1 unit for 25 units
  std::atomic<int> placed{0}, short_stock{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = store_->place_order(order_of("HOT", 1));
        if (r)
          ++placed;
        else if (r.status().code() == ErrorCode::kConflict)
          ++short_stock;
        else
          ++other;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(placed.load(), 25);
  EXPECT_EQ(short_stock.load(), kThreads * kPerThread - 25);
  EXPECT_EQ(other.load(), 0);
  auto level = store_->get_stock(product->id, location);
  ASSERT_TRUE(level.is_ok());
  EXPECT_EQ(level->on_hand, 0);
}

TEST_F(PostgresStoreTest, ShortStockConflictNamesSkuAndAvailableUnits) {
  Id location = add_location("WH1");
  Id product = add_product("FEW");
  set_on_hand(product, location, 3);
  auto r = store_->place_order(order_of("FEW", 5));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(r.status().field(), "lines[0].quantity");
  EXPECT_NE(r.status().message().find("FEW"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("available 3"), std::string::npos) << r.status().message();
  // Nothing was written.
  auto level = store_->get_stock(product, location);
  ASSERT_TRUE(level.is_ok());
  EXPECT_EQ(level->on_hand, 3);
  auto orders = store_->list_orders({}, {});
  ASSERT_TRUE(orders.is_ok());
  EXPECT_TRUE(orders->items.empty());
}

TEST_F(PostgresStoreTest, ConcurrentRepeatsOfAnIdempotencyKeyPlaceOneOrder) {
  Id location = add_location("WH1");
  Id product = add_product("IDEM");
  set_on_hand(product, location, 100);
  std::atomic<int> fresh{0}, replayed{0};
  std::atomic<Id> first_id{0};
  std::atomic<bool> same_id{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      OrderRequest r = order_of("IDEM", 2);
      r.idempotency_key = "key-1";
      auto placed = store_->place_order(r);
      if (!placed) return;
      (placed->replayed ? replayed : fresh)++;
      Id expected = 0;
      if (!first_id.compare_exchange_strong(expected, placed->order.id) &&
          expected != placed->order.id)
        same_id = false;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
  EXPECT_TRUE(same_id.load());
  auto level = store_->get_stock(product, location);
  ASSERT_TRUE(level.is_ok());
  EXPECT_EQ(level->on_hand, 98);
}

TEST_F(PostgresStoreTest, BackordersMayDriveStockNegative) {
  auto backorders = open(StoreOptions{true});
  ASSERT_NE(backorders, nullptr);
  Id location = add_location("WH1");
  Id product = add_product("BACK");
  auto r = backorders->place_order(order_of("BACK", 4));
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  auto level = backorders->get_stock(product, location);
  ASSERT_TRUE(level.is_ok());
  EXPECT_EQ(level->on_hand, -4);
}

TEST_F(PostgresStoreTest, BulkLoadKeepsIdsAndAdvancesSequences) {
  {
    auto bulk = store_->begin_bulk();
    ASSERT_TRUE(bulk.is_ok()) << bulk.status().to_string();
    auto w = std::move(bulk).value();
    ASSERT_TRUE(w->add_location({7, "WH7", "Seven", "store"}).is_ok());
    Product p;
    p.id = 40;
    p.sku = "BULK-40";
    p.name = "Back\\slash";  // COPY escaping
    p.description = "Tab\tand\nnewline, \\N is not NULL";
    p.price = 2.5;
    p.supplier_id = 3;  // added after the product: foreign keys are checked at commit
    ASSERT_TRUE(w->add_product(p).is_ok());
    ASSERT_TRUE(w->add_supplier({3, "Supplier", "", 7, 2, 1, 50, 100}).is_ok());
    Order o;
    o.id = 500;
    o.location_id = 7;
    o.placed_at = 1000;
    o.lines.push_back({0, 0, 40, "", 2, 2.5, 0.5});
    ASSERT_TRUE(w->add_order(o).is_ok());
    ASSERT_TRUE(w->set_stock({40, 7, 10, 0, 0, 1000}).is_ok());
    ASSERT_TRUE(w->set_stock({40, 7, 12, 1, 0, 1000}).is_ok());  // replaces
    ASSERT_TRUE(w->commit().is_ok());
  }
  auto p = store_->get_product(40);
  ASSERT_TRUE(p.is_ok()) << p.status().to_string();
  EXPECT_EQ(p->name, "Back\\slash");
  EXPECT_EQ(p->description, "Tab\tand\nnewline, \\N is not NULL");
  auto o = store_->get_order(500);
  ASSERT_TRUE(o.is_ok()) << o.status().to_string();
  ASSERT_EQ(o->lines.size(), 1u);
  EXPECT_EQ(o->lines[0].sku, "BULK-40");  // filled from the product
  EXPECT_DOUBLE_EQ(o->total(), 4.5);
  auto level = store_->get_stock(40, 7);
  ASSERT_TRUE(level.is_ok());
  EXPECT_EQ(level->on_hand, 12);
  // Ordinary inserts continue after the loaded ids.
  Id next = add_product("AFTER");
  EXPECT_GT(next, 40);
  auto l = store_->create_location({0, "WH8", "", "warehouse"});
  ASSERT_TRUE(l.is_ok()) << l.status().to_string();
  EXPECT_GT(l->id, 7);
}

TEST_F(PostgresStoreTest, UncommittedOrFailedBulkLoadLeavesNothing) {
  {
    auto w = store_->begin_bulk();
    ASSERT_TRUE(w.is_ok());
    ASSERT_TRUE((*w)->add_location({0, "GONE", "", "warehouse"}).is_ok());
  }  // destroyed without commit
  {
    auto w = store_->begin_bulk();
    ASSERT_TRUE(w.is_ok()) << w.status().to_string();
    Order o;
    o.location_id = 12345;  // never added: the deferred foreign key fails the commit
    o.placed_at = 1;
    ASSERT_TRUE((*w)->add_order(o).is_ok());
    Status st = (*w)->commit();
    EXPECT_EQ(st.code(), ErrorCode::kNotFound) << st.to_string();
    EXPECT_EQ(st.field(), "location_id");
    EXPECT_FALSE((*w)->commit().is_ok());  // a failed writer stays failed
  }
  auto stats = store_->stats();
  ASSERT_TRUE(stats.is_ok());
  EXPECT_EQ(stats->locations, 0);
  EXPECT_EQ(stats->orders, 0);
}

TEST_F(PostgresStoreTest, OneBulkWriterAtATime) {
  auto first = store_->begin_bulk();
  ASSERT_TRUE(first.is_ok());
  auto second = store_->begin_bulk();
  EXPECT_EQ(second.status().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(PostgresStoreTest, ScanOrdersCrossesBatchesAndStopsEarly) {
  {
    auto w = store_->begin_bulk();
    ASSERT_TRUE(w.is_ok());
    ASSERT_TRUE((*w)->add_location({1, "WH1", "", "warehouse"}).is_ok());
    Product p;
    p.id = 1;
    p.sku = "S";
    p.name = "S";
    p.price = 1;
    ASSERT_TRUE((*w)->add_product(p).is_ok());
    for (int i = 0; i < 2500; ++i) {  // more than one 1000-order batch
      Order o;
      o.location_id = 1;
      o.placed_at = 1000 + i;
      o.lines.push_back({0, 0, 1, "S", 1, 1.0, 0});
      ASSERT_TRUE((*w)->add_order(o).is_ok());
    }
    ASSERT_TRUE((*w)->commit().is_ok());
  }
  Id last = 0;
  int seen = 0;
  bool ordered = true;
  ASSERT_TRUE(store_
                  ->scan_orders({},
                                [&](const Order& o) {
                                  ordered = ordered && o.id > last && o.lines.size() == 1;
                                  last = o.id;
                                  ++seen;
                                  return true;
                                })
                  .is_ok());
  EXPECT_EQ(seen, 2500);
  EXPECT_TRUE(ordered);
  seen = 0;
  ASSERT_TRUE(store_->scan_orders({}, [&](const Order&) { return ++seen < 10; }).is_ok());
  EXPECT_EQ(seen, 10);
  OrderFilter f;
  f.placed_from = 3000;  // the last 500
  seen = 0;
  ASSERT_TRUE(store_->scan_orders(f, [&](const Order&) { return ++seen > 0; }).is_ok());
  EXPECT_EQ(seen, 500);
}

TEST_F(PostgresStoreTest, CursorPagesCoverEverythingOnce) {
  for (int i = 0; i < 23; ++i) add_product("P" + std::to_string(i));
  PageRequest page{"", 10};
  std::vector<Id> ids;
  int pages = 0;
  do {
    auto r = store_->list_products({}, page);
    ASSERT_TRUE(r.is_ok()) << r.status().to_string();
    for (const auto& p : r->items) ids.push_back(p.id);
    page.cursor = r->next_cursor;
    ++pages;
  } while (!page.cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(ids.size(), 23u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  auto bad = store_->list_products({}, {"not-a-cursor", 10});
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidArgument);
  auto clamped = store_->list_products({}, {"", 0});
  ASSERT_TRUE(clamped.is_ok());
  EXPECT_EQ(clamped->items.size(), 1u);
}

}  // namespace
}  // namespace oiis::testing

namespace oiis::testing {
namespace {

TEST_F(PostgresStoreTest, OpposingLineOrdersDoNotDeadlock) {
  // A orders [X, Y], B orders [Y, X]: rows are locked in product-id order, so they queue
  // instead of deadlocking, and every unit is accounted for.
  Id location = add_location("WH1");
  Id x = add_product("X"), y = add_product("Y");
  set_on_hand(x, location, 1000);
  set_on_hand(y, location, 1000);
  std::atomic<int> failed{0};
  auto run = [&](const std::string& first, const std::string& second) {
    for (int i = 0; i < 20; ++i) {
      OrderRequest r;
      r.lines.push_back({first, 1, std::nullopt, 0.0});
      r.lines.push_back({second, 2, std::nullopt, 0.0});
      if (!store_->place_order(r)) ++failed;
    }
  };
  std::thread a(run, "X", "Y"), b(run, "Y", "X"), c(run, "X", "Y"), d(run, "Y", "X");
  a.join(), b.join(), c.join(), d.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(store_->get_stock(x, location)->on_hand + store_->get_stock(y, location)->on_hand,
            2000 - 80 * 3);
}

TEST_F(PostgresStoreTest, RecoversWhenTheServerDropsPooledConnections) {
  Id location = add_location("WH1");
  // Open several pooled connections, then have the server kill every one of them.
  std::vector<std::thread> readers;
  for (int i = 0; i < 6; ++i) readers.emplace_back([&] { (void)store_->list_locations(); });
  for (auto& t : readers) t.join();
  pqxx::connection admin(url_);
  pqxx::nontransaction(admin).exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  auto l = store_->get_location(location);
  ASSERT_TRUE(l.is_ok()) << l.status().to_string();
  EXPECT_EQ(l->code, "WH1");
}

}  // namespace
}  // namespace oiis::testing

namespace oiis::testing {
namespace {

TEST_F(PostgresStoreTest, MoneyRoundTripsExactly) {
  Product p;
  p.sku = "THIRD";
  p.name = "A third";
  p.price = 1.0 / 3.0;
  p.cost = 0.1 + 0.2;
  auto created = store_->create_product(p);
  ASSERT_TRUE(created.is_ok()) << created.status().to_string();
  auto read = store_->get_product(created->id);
  ASSERT_TRUE(read.is_ok());
  EXPECT_EQ(read->price, 1.0 / 3.0);  // exact: no decimal rounding on the way through SQL
  EXPECT_EQ(read->cost, 0.1 + 0.2);
}

// The PostgreSQL backup procedure of docs/operations.md: pg_dump -Fc while orders are being
// placed, pg_restore into a new database, and the restored store holds every order placed
// before the dump started, with its lines.
TEST_F(PostgresStoreTest, PgDumpUnderWritesAndPgRestoreKeepEveryEarlierOrder) {
  const Id location = add_location("WH1");
  const Id a = add_product("A");
  set_on_hand(a, location, 1'000'000);
  std::atomic<bool> stop{false};
  std::atomic<long long> placed{0};
  std::thread writer([&] {
    while (!stop)
      if (store_->place_order(order_of("A", 1 + placed % 3)).is_ok()) ++placed;
  });
  while (placed < 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const long long before = placed;
  const std::string dump = ::testing::TempDir() + "/oiis-pg-" + std::to_string(::getpid()) + ".dump";
  const int dumped = std::system(("pg_dump -Fc -d '" + url_ + "' -f '" + dump + "'").c_str());
  stop = true;
  writer.join();
  ASSERT_EQ(dumped, 0);

  std::string why;
  PostgresServer* pg = shared_server(&why);
  ASSERT_NE(pg, nullptr) << why;
  static int restores = 0;
  const std::string name = "restored_" + std::to_string(++restores);
  ASSERT_TRUE(pg->create_database(name, &why)) << why;
  ASSERT_EQ(std::system(("pg_restore --exit-on-error -d '" + pg->url(name) + "' '" + dump + "'")
                            .c_str()),
            0);
  std::remove(dump.c_str());
  auto restored = open_postgres_store(pg->url(name), {});
  ASSERT_TRUE(restored.is_ok()) << restored.status().to_string();
  auto stats = (*restored)->stats();
  ASSERT_TRUE(stats.is_ok());
  EXPECT_GE(stats->orders, before);
  EXPECT_LE(stats->orders, placed.load());
  // Every order in the copy is whole and the same as in the source.
  EXPECT_EQ(stats->orders, stats->order_lines);
  PageRequest page;
  page.limit = 1000;
  auto copied = (*restored)->list_orders({}, page);
  ASSERT_TRUE(copied.is_ok()) << copied.status().to_string();
  ASSERT_FALSE(copied->items.empty());
  for (const Order& o : copied->items) {
    auto source = store_->get_order(o.id);
    ASSERT_TRUE(source.is_ok()) << o.id;
    ASSERT_EQ(o.lines.size(), 1u);
    EXPECT_EQ(o.lines[0].quantity, source->lines[0].quantity) << o.id;
  }
}

}  // namespace
}  // namespace oiis::testing
