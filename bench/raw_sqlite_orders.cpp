// The anchor for the order-placement benchmark: how many order transactions per second raw
// SQLite does on this machine, with no server, no HTTP, no JSON parsing, one thread, one
// connection, every statement prepared once. It runs the same transaction shape as a placement
// in the store, on a copy of the same database the server is benchmarked on:
//
//   BEGIN IMMEDIATE
//     per order, inside SAVEPOINT order ... RELEASE order (rolled back alone when refused):
//       look up customer and default location
//       per line: look up the product by sku; decrement stock only if enough is available
//       INSERT order; per line: INSERT order line, INSERT sale movement; INSERT outbox event
//   COMMIT
//
// `--batch 1` (the default) commits every order on its own; `--batch 64` puts 64 orders in one
// transaction, as the store's group commit does at best: with `--sync full` that is the
// practical ceiling for durable placements on this schema and disk.
//
// Usage: raw_sqlite_orders --db FILE [--sync normal|full] [--batch N] [--seconds S] [--seed N]
//                          [--pragma 'name = value']...
// Prints one line:
//   "raw_sqlite sync=NORMAL batch=1 orders=N seconds=S orders_per_s=X refused=R
//    wal_pages_per_order=P cpu_us_per_order=C" (P: WAL frames written per placed order; C:
//    this process's CPU time per placed order, setup included).
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(sqlite3* db, const std::string& what) {
  std::fprintf(stderr, "raw_sqlite_orders: %s: %s\n", what.c_str(), db ? sqlite3_errmsg(db) : "");
  std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(db, sql);
}

// A prepared statement reused for every order (reset after each use), as the store's cache does.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s_, nullptr) != SQLITE_OK)
      die(db, sql);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt& i(int idx, sqlite3_int64 v) { sqlite3_bind_int64(s_, idx, v); return *this; }
  Stmt& d(int idx, double v) { sqlite3_bind_double(s_, idx, v); return *this; }
  Stmt& t(int idx, const std::string& v) {
    sqlite3_bind_text(s_, idx, v.data(), (int)v.size(), SQLITE_TRANSIENT);
    return *this;
  }
  bool row() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) die(db_, sqlite3_sql(s_));
    return false;
  }
  void run() { row(); reset(); }
  void reset() { sqlite3_reset(s_); }
  sqlite3_int64 col_i(int c) { return sqlite3_column_int64(s_, c); }
  double col_d(int c) { return sqlite3_column_double(s_, c); }
  std::string col_text(int c) {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? p : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

struct Line {
  std::string sku;
  sqlite3_int64 quantity;
  sqlite3_int64 product_id = 0;
  double price = 0;
};

struct Statements {
  Stmt customer, location, product, take_stock, order, line, movement, outbox;
  explicit Statements(sqlite3* db)
      : customer(db, "SELECT id FROM customers WHERE id = ?1"),
        location(db, "SELECT id FROM locations ORDER BY id LIMIT 1"),
        product(db, "SELECT id, price FROM products WHERE sku = ?1 AND active = 1"),
        take_stock(db,
                   "UPDATE stock_levels SET on_hand = on_hand - ?3, updated_at = ?4 "
                   "WHERE product_id = ?1 AND location_id = ?2 AND on_hand - reserved >= ?3"),
        order(db,
              "INSERT INTO orders (customer_id, location_id, status, payment_method, channel, "
              "placed_at) VALUES (?1, ?2, 'placed', 'card', 'web', ?3)"),
        line(db,
             "INSERT INTO order_lines (order_id, product_id, sku, quantity, unit_price, discount) "
             "VALUES (?1, ?2, ?3, ?4, ?5, 0)"),
        movement(db,
                 "INSERT INTO stock_movements (product_id, location_id, type, quantity, reason, "
                 "order_id, at) VALUES (?1, ?2, 'sale', ?3, 'order', ?4, ?5)"),
        outbox(db,
               "INSERT INTO outbox_events (topic, aggregate, aggregate_id, payload_json, at) "
               "VALUES ('order.placed', 'order', ?1, ?2, ?3)") {}
};

// One placement inside the open transaction; false when a line is short (its savepoint rolled
// back, like a 409).
bool place_order(sqlite3* db, Statements& s, sqlite3_int64 customer, std::vector<Line>& lines) {
  exec(db, "SAVEPOINT order_tx");
  auto rollback = [&] { exec(db, "ROLLBACK TO order_tx; RELEASE order_tx"); return false; };
  sqlite3_int64 now = std::time(nullptr);
  bool known = s.customer.i(1, customer).row();
  s.customer.reset();
  if (!known) return rollback();
  if (!s.location.row()) die(db, "no location");
  sqlite3_int64 location = s.location.col_i(0);
  s.location.reset();
  for (auto& l : lines) {
    bool found = s.product.t(1, l.sku).row();
    if (found) l.product_id = s.product.col_i(0), l.price = s.product.col_d(1);
    s.product.reset();
    if (!found) return rollback();
    s.take_stock.i(1, l.product_id).i(2, location).i(3, l.quantity).i(4, now).run();
    if (sqlite3_changes(db) != 1) return rollback();
  }
  s.order.i(1, customer).i(2, location).i(3, now).run();
  sqlite3_int64 order_id = sqlite3_last_insert_rowid(db);
  std::string payload = "{\"id\":" + std::to_string(order_id) + ",\"customer_id\":" +
                        std::to_string(customer) + ",\"lines\":[";
  for (size_t k = 0; k < lines.size(); ++k) {
    const auto& l = lines[k];
    s.line.i(1, order_id).i(2, l.product_id).t(3, l.sku).i(4, l.quantity).d(5, l.price).run();
    s.movement.i(1, l.product_id).i(2, location).i(3, -l.quantity).i(4, order_id).i(5, now).run();
    payload += (k ? ",{\"sku\":\"" : "{\"sku\":\"") + l.sku + "\",\"quantity\":" +
               std::to_string(l.quantity) + "}";
  }
  payload += "]}";
  s.outbox.i(1, order_id).t(2, payload).i(3, now).run();
  exec(db, "RELEASE order_tx");
  return true;
}

std::vector<std::string> all_skus(sqlite3* db) {
  std::vector<std::string> skus;
  Stmt q(db, "SELECT sku FROM products WHERE active = 1 ORDER BY id");
  while (q.row()) skus.push_back(q.col_text(0));
  return skus;
}

// WAL frames (pages) written, summed over commits: the hook reports the WAL's length after
// each commit, which starts again from 0 when a checkpoint lets SQLite reuse the file.
struct WalFrames {
  long total = 0;
  int last = 0;
};

// Installing a WAL hook turns SQLite's automatic checkpoint off; this does what its default
// hook does (a PASSIVE checkpoint once the WAL holds 1000 frames) besides counting.
int count_wal_frames(void* counter, sqlite3* db, const char* name, int frames) {
  auto* c = static_cast<WalFrames*>(counter);
  c->total += frames >= c->last ? frames - c->last : frames;
  c->last = frames;
  if (frames >= 1000) sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  return SQLITE_OK;
}

sqlite3_int64 scalar(sqlite3* db, const char* sql) {
  Stmt q(db, sql);
  return q.row() ? q.col_i(0) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, sync = "normal", extra_pragmas;
  double seconds = 5;
  unsigned seed = 1;
  long batch = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") path = argv[i + 1];
    else if (a == "--sync") sync = argv[i + 1];
    else if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    else if (a == "--batch") batch = std::atol(argv[i + 1]);
    else if (a == "--seed") seed = (unsigned)std::atoi(argv[i + 1]);
    else if (a == "--pragma") extra_pragmas += std::string("PRAGMA ") + argv[i + 1] + ";";
  }
  if (path.empty() || (sync != "normal" && sync != "full") || batch < 1) {
    std::fprintf(stderr, "usage: raw_sqlite_orders --db FILE [--sync normal|full] [--batch N] "
                         "[--seconds S]\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) die(db, "open " + path);
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, sync == "full" ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
  exec(db, "PRAGMA foreign_keys = ON");
  exec(db, "PRAGMA busy_timeout = 5000");
  if (!extra_pragmas.empty()) exec(db, extra_pragmas.c_str());  // for exploring settings

  auto skus = all_skus(db);
  sqlite3_int64 customers = scalar(db, "SELECT max(id) FROM customers");
  if (skus.empty() || customers <= 0) die(db, "the database has no products or customers");
  Statements s(db);
  WalFrames wal;
  sqlite3_wal_hook(db, count_wal_frames, &wal);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick_sku(0, skus.size() - 1);
  std::uniform_int_distribution<sqlite3_int64> pick_customer(1, customers), pick_qty(1, 3);
  std::uniform_int_distribution<int> pick_lines(1, 3);

  long orders = 0, refused = 0;
  auto start = std::chrono::steady_clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    // 1-3 distinct SKUs, 1-3 units each: the same mix as bench/orders.lua.
    std::vector<Line> lines;
    for (int n = pick_lines(rng); (int)lines.size() < n;) {
      std::string sku = skus[pick_sku(rng)];
      bool repeat = false;
      for (const auto& l : lines) repeat |= l.sku == sku;
      if (!repeat) lines.push_back({sku, pick_qty(rng)});
    }
    long placed = orders + refused;
    if (placed % batch == 0) exec(db, "BEGIN IMMEDIATE");
    if (place_order(db, s, pick_customer(rng), lines)) ++orders;
    else ++refused;
    if ((placed + 1) % batch == 0) exec(db, "COMMIT");
    if ((orders + refused) % 64 == 0)
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  if ((orders + refused) % batch != 0) exec(db, "COMMIT");
  elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu_us = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 +
                  usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  std::printf("raw_sqlite sync=%s batch=%ld orders=%ld seconds=%.2f orders_per_s=%.0f "
              "refused=%ld wal_pages_per_order=%.2f cpu_us_per_order=%.1f\n",
              sync == "full" ? "FULL" : "NORMAL", batch, orders, elapsed, orders / elapsed,
              refused, orders ? (double)wal.total / orders : 0.0, orders ? cpu_us / orders : 0.0);
  sqlite3_close(db);
  return 0;
}
