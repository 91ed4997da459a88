#include "store/sqlite/sqlite_store.h"

#include <stdlib.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <system_error>

#include "common/time.h"
#include "domain/validation.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis {
namespace sqlite {
namespace {

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return s;
}

// "id, name" + "o." -> "o.id, o.name"
std::string qualified(std::string_view columns, std::string_view alias) {
  std::string out(alias);
  for (char ch : columns) {
    out += ch;
    if (ch == ' ') out += alias;
  }
  return out;
}

std::string not_found_message(std::string_view what, Id id) {
  return std::string(what) + " " + std::to_string(id) + " not found";
}

}  // namespace

// ---------------------------------------------------------------- shared helpers

Result<PageBounds> page_bounds(const PageRequest& p) {
  PageBounds b;
  b.limit = std::clamp(p.limit, 1, 1000);
  if (p.cursor.empty()) return b;
  const char* end = p.cursor.data() + p.cursor.size();
  auto [ptr, ec] = std::from_chars(p.cursor.data(), end, b.after_id);
  if (ec != std::errc() || ptr != end || b.after_id < 0)
    return invalid_argument("malformed cursor", "cursor");
  return b;
}

void Conditions::bind(Statement& s, int first_index) const {
  for (size_t i = 0; i < values_.size(); ++i) s.bind(first_index + static_cast<int>(i), values_[i]);
}

std::optional<Id> default_location(Connection& c) {
  return c.query_int("SELECT min(id) FROM locations");
}

void for_each_order(Connection& c, const std::string& orders_source, const Conditions& where,
                    const std::function<bool(Order&&)>& fn) {
  static const std::string columns = qualified(Mapping<Order>::kColumns, "o.") + ", " +
                                     qualified(Mapping<OrderLine>::kColumns, "l.");
  auto s = c.prepare("SELECT " + columns + " FROM " + orders_source +
                     " LEFT JOIN order_lines AS l ON l.order_id = o.id ORDER BY o.id, l.id");
  where.bind(*s);
  constexpr int kLineColumn = Mapping<Order>::kColumnCount;
  std::optional<Order> current;
  while (s->step()) {
    Id order_id = s->int64(0);
    if (current && current->id != order_id) {
      if (!fn(std::move(*current))) return;
      current.reset();
    }
    if (!current) current = Mapping<Order>::read(*s);
    if (!s->is_null(kLineColumn))
      current->lines.push_back(Mapping<OrderLine>::read(*s, kLineColumn));
  }
  if (current) fn(std::move(*current));
}

Result<Product> load_product(Connection& c, Id id) {
  return read_by_id<Product>(c, id);
}

Result<Order> load_order(Connection& c, Id id) {
  Conditions where;
  where.add("id = ?", id);
  std::optional<Order> found;
  for_each_order(c, "(SELECT * FROM orders" + where.sql() + ") AS o", where, [&](Order&& o) {
    found = std::move(o);
    return false;
  });
  if (!found) return not_found(not_found_message("order", id));
  return std::move(*found);
}

TempDirectory TempDirectory::create() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/oiis-sqlite-XXXXXX";
  if (!mkdtemp(pattern.data())) throw SqliteError(SQLITE_CANTOPEN, "cannot create " + pattern);
  TempDirectory dir;
  dir.path_ = pattern;
  return dir;
}

TempDirectory::~TempDirectory() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

// ---------------------------------------------------------------- open and migrate

namespace {

std::unique_ptr<Connection> open_writer(const std::string& path, bool durable) {
  auto c = std::make_unique<Connection>(
      path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI);
  c->exec("PRAGMA journal_mode = WAL");
  // NORMAL: COMMIT writes the WAL frames without fsync; the WalSyncer makes them durable (one
  // fdatasync for every group committed meanwhile) before any caller is acknowledged. The
  // writer checkpoints between groups itself (WriteQueue::checkpoint_if_due) instead of inside
  // a COMMIT. Scratch stores need no durability.
  c->exec(durable ? "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;"
                  : "PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 4000;");
  c->exec(
      "PRAGMA foreign_keys = ON;"
      "PRAGMA busy_timeout = 5000;"
      "PRAGMA cache_size = -65536;"
      "PRAGMA temp_store = MEMORY;");
  return c;
}

std::unique_ptr<WriteQueue> open_write_queue(const std::string& path, bool durable) {
  auto writer = open_writer(path, durable);
  if (!durable) return std::make_unique<WriteQueue>(std::move(writer), nullptr);
  return std::make_unique<WriteQueue>(std::move(writer), std::make_unique<WalSyncer>(path),
                                      std::make_unique<WalCheckpointer>(path));
}

}  // namespace

SqliteStore::SqliteStore(std::string db_path, TempDirectory temp_dir, bool durable,
                         StoreOptions options)
    : RuleDrivenStore(options),
      temp_dir_(std::move(temp_dir)),
      db_path_(std::move(db_path)),
      durable_(durable),
      writes_(open_write_queue(db_path_, durable_)),
      readers_(db_path_) {}

SqliteStore::~SqliteStore() = default;

Status SqliteStore::migrate() {
  auto applied = write([](Connection& c) -> Result<int> {
    c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    int count = 0;
    for (const Migration& m : sqlite_migrations()) {
      if (c.query_int("SELECT 1 FROM schema_migrations WHERE version = ?1", m.version)) continue;
      c.exec(m.sql);
      c.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            m.version, m.name, now_utc());
      ++count;
    }
    return count;
  });
  if (applied.is_ok()) writes_->mark_commits_with(std::string(kBumpDataVersion));
  return applied.status();
}

// ---------------------------------------------------------------- suppliers

Result<Supplier> SqliteStore::create_supplier(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(validate(s));
  return write([&](Connection& c) -> Result<Supplier> {
    Supplier row = s;
    row.id = 0;
    if (row.created_at == 0) row.created_at = now_utc();
    row.id = insert_row(c, row);
    return row;
  });
}

Result<Supplier> SqliteStore::get_supplier(Id id) {
  return read([&](Connection& c) { return read_by_id<Supplier>(c, id); });
}

Result<Supplier> SqliteStore::update_supplier(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(validate(s));
  return write([&](Connection& c) -> Result<Supplier> {
    auto st = c.prepare(Mapping<Supplier>::kUpdate);
    Mapping<Supplier>::bind(*st, s);
    st->run();
    if (c.changes() == 0) return not_found(not_found_message("supplier", s.id), "id");
    return read_by_id<Supplier>(c, s.id);
  });
}

Result<Page<Supplier>> SqliteStore::list_suppliers(const SupplierFilter& f, const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where;
  if (f.query) where.add("instr(lower(name), ?) > 0", lowercase(*f.query));
  return read([&](Connection& c) -> Result<Page<Supplier>> {
    return read_page<Supplier>(c, where, *bounds);
  });
}

// ---------------------------------------------------------------- products

namespace {

Status check_supplier(Connection& c, const std::optional<Id>& supplier_id) {
  if (supplier_id && !exists<Supplier>(c, *supplier_id))
    return not_found(not_found_message("supplier", *supplier_id), "supplier_id");
  return Status::ok();
}

}  // namespace

Result<Product> SqliteStore::create_product(const Product& p) {
  OIIS_RETURN_IF_ERROR(validate(p));
  return write([&](Connection& c) -> Result<Product> {
    OIIS_RETURN_IF_ERROR(check_supplier(c, p.supplier_id));
    if (c.query_int("SELECT 1 FROM products WHERE sku = ?1", p.sku))
      return already_exists("a product with sku '" + p.sku + "' already exists", "sku");
    Product row = p;
    row.id = 0;
    if (row.created_at == 0) row.created_at = now_utc();
    row.updated_at = row.created_at;
    row.id = insert_row(c, row);
    return row;
  });
}

Result<Product> SqliteStore::get_product(Id id) {
  return read([&](Connection& c) { return load_product(c, id); });
}

Result<Product> SqliteStore::get_product_by_sku(const std::string& sku) {
  return read([&](Connection& c) -> Result<Product> {
    static const std::string sql =
        "SELECT " + std::string(Mapping<Product>::kColumns) + " FROM products WHERE sku = ?1";
    auto s = c.prepare(sql);
    s->bind(1, sku);
    if (!s->step()) return not_found("no product with sku '" + sku + "'", "sku");
    return Mapping<Product>::read(*s);
  });
}

Result<Product> SqliteStore::update_product(const Product& p, const std::string& reason) {
  return write([&](Connection& c) -> Result<Product> {
    auto existing = load_product(c, p.id);
    if (!existing) return existing.status();
    Product row = p;
    row.sku = existing->sku;
    row.created_at = existing->created_at;
    row.updated_at = now_utc();
    OIIS_RETURN_IF_ERROR(validate(row));
    OIIS_RETURN_IF_ERROR(check_supplier(c, row.supplier_id));
    auto st = c.prepare(Mapping<Product>::kUpdate);
    Mapping<Product>::bind(*st, row);
    st->run();
    if (existing->price != row.price) {
      PriceChange change;
      change.product_id = row.id;
      change.old_price = existing->price;
      change.new_price = row.price;
      change.reason = reason.empty() ? "manual" : reason;
      change.at = row.updated_at;
      insert_row(c, change);
    }
    return row;
  });
}

Result<Page<Product>> SqliteStore::list_products(const ProductFilter& f, const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where;
  if (f.category) where.add("category = ?", *f.category);
  if (f.brand) where.add("brand = ?", *f.brand);
  if (f.supplier_id) where.add("supplier_id = ?", *f.supplier_id);
  if (f.active) where.add("active = ?", std::int64_t{*f.active ? 1 : 0});
  if (f.query) {
    std::string q = lowercase(*f.query);
    where.add("(instr(lower(sku), ?) > 0 OR instr(lower(name), ?) > 0)", q, q);
  }
  return read([&](Connection& c) -> Result<Page<Product>> {
    return read_page<Product>(c, where, *bounds);
  });
}

Result<std::vector<PriceChange>> SqliteStore::price_history(Id product_id) {
  return read([&](Connection& c) -> Result<std::vector<PriceChange>> {
    if (!exists<Product>(c, product_id))
      return not_found(not_found_message("product", product_id), "product_id");
    static const std::string sql = "SELECT " + std::string(Mapping<PriceChange>::kColumns) +
                                   " FROM price_changes WHERE product_id = ?1 ORDER BY at, id";
    auto s = c.prepare(sql);
    s->bind(1, product_id);
    std::vector<PriceChange> out;
    while (s->step()) out.push_back(Mapping<PriceChange>::read(*s));
    return out;
  });
}

// ---------------------------------------------------------------- customers

Result<Customer> SqliteStore::create_customer(const Customer& cu) {
  OIIS_RETURN_IF_ERROR(validate(cu));
  return write([&](Connection& c) -> Result<Customer> {
    Customer row = cu;
    row.id = 0;
    if (row.signup_at == 0) row.signup_at = now_utc();
    row.id = insert_row(c, row);
    return row;
  });
}

Result<Customer> SqliteStore::get_customer(Id id) {
  return read([&](Connection& c) { return read_by_id<Customer>(c, id); });
}

Result<Customer> SqliteStore::update_customer(const Customer& cu) {
  OIIS_RETURN_IF_ERROR(validate(cu));
  return write([&](Connection& c) -> Result<Customer> {
    auto st = c.prepare(Mapping<Customer>::kUpdate);
    Mapping<Customer>::bind(*st, cu);
    st->run();
    if (c.changes() == 0) return not_found(not_found_message("customer", cu.id), "id");
    return read_by_id<Customer>(c, cu.id);
  });
}

Result<Page<Customer>> SqliteStore::list_customers(const CustomerFilter& f, const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where;
  if (f.region) where.add("region = ?", *f.region);
  if (f.query) {
    std::string q = lowercase(*f.query);
    where.add(
        "(instr(lower(name), ?) > 0 OR instr(lower(email), ?) > 0 OR "
        "instr(lower(external_id), ?) > 0)",
        q, q, q);
  }
  return read([&](Connection& c) -> Result<Page<Customer>> {
    return read_page<Customer>(c, where, *bounds);
  });
}

// ---------------------------------------------------------------- locations

Result<Location> SqliteStore::create_location(const Location& l) {
  OIIS_RETURN_IF_ERROR(validate(l));
  return write([&](Connection& c) -> Result<Location> {
    Location row = l;
    row.id = 0;
    row.id = insert_row(c, row);
    return row;
  });
}

Result<Location> SqliteStore::get_location(Id id) {
  return read([&](Connection& c) { return read_by_id<Location>(c, id); });
}

Result<Location> SqliteStore::update_location(const Location& l) {
  OIIS_RETURN_IF_ERROR(validate(l));
  return write([&](Connection& c) -> Result<Location> {
    auto st = c.prepare(Mapping<Location>::kUpdate);
    Mapping<Location>::bind(*st, l);
    st->run();
    if (c.changes() == 0) return not_found(not_found_message("location", l.id), "id");
    return read_by_id<Location>(c, l.id);
  });
}

Result<std::vector<Location>> SqliteStore::list_locations() {
  return read([&](Connection& c) -> Result<std::vector<Location>> {
    static const std::string sql =
        "SELECT " + std::string(Mapping<Location>::kColumns) + " FROM locations ORDER BY id";
    auto s = c.prepare(sql);
    std::vector<Location> out;
    while (s->step()) out.push_back(Mapping<Location>::read(*s));
    return out;
  });
}

// ---------------------------------------------------------------- orders (reads)

namespace {

Conditions order_conditions(const OrderFilter& f) {
  Conditions where;
  if (f.customer_id) where.add("customer_id = ?", *f.customer_id);
  if (f.status) where.add("status = ?", std::string(to_string(*f.status)));
  if (f.channel) where.add("channel = ?", *f.channel);
  if (f.placed_from) where.add("placed_at >= ?", *f.placed_from);
  if (f.placed_to) where.add("placed_at < ?", *f.placed_to);
  return where;
}

}  // namespace

Result<Order> SqliteStore::get_order(Id id) {
  return read([&](Connection& c) { return load_order(c, id); });
}

Result<Page<Order>> SqliteStore::list_orders(const OrderFilter& f, const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where = order_conditions(f);
  where.add("id > ?", bounds->after_id);
  where.add_value(std::int64_t{bounds->limit} + 1);
  std::string source = "(SELECT * FROM orders" + where.sql() + " ORDER BY id LIMIT ?) AS o";
  return read([&](Connection& c) -> Result<Page<Order>> {
    Page<Order> page;
    for_each_order(c, source, where, [&](Order&& o) {
      page.items.push_back(std::move(o));
      return true;
    });
    if (static_cast<int>(page.items.size()) > bounds->limit) {
      page.items.pop_back();
      page.next_cursor = std::to_string(page.items.back().id);
    }
    return page;
  });
}

Status SqliteStore::scan_orders(const OrderFilter& f, const std::function<bool(const Order&)>& fn) {
  Conditions where = order_conditions(f);
  std::string source = "(SELECT * FROM orders" + where.sql() + ") AS o";
  auto scanned = read([&](Connection& c) -> Result<bool> {
    for_each_order(c, source, where, [&](Order&& o) { return fn(o); });
    return true;
  });
  return scanned.status();
}

// ---------------------------------------------------------------- outbox, keys, stats

Result<std::vector<OutboxEvent>> SqliteStore::read_outbox(Id after_id, int limit) {
  return read([&](Connection& c) -> Result<std::vector<OutboxEvent>> {
    static const std::string sql = "SELECT " + std::string(Mapping<OutboxEvent>::kColumns) +
                                   " FROM outbox_events WHERE id > ?1 ORDER BY id LIMIT ?2";
    auto s = c.prepare(sql);
    s->bind_all(after_id, std::int64_t{std::clamp(limit, 1, 1000)});
    std::vector<OutboxEvent> out;
    while (s->step()) out.push_back(Mapping<OutboxEvent>::read(*s));
    return out;
  });
}

Result<Id> SqliteStore::outbox_delivered(const std::string& relay) {
  return read([&](Connection& c) -> Result<Id> {
    return c.query_int("SELECT delivered_to FROM outbox_delivery WHERE relay = ?1", relay)
        .value_or(0);
  });
}

Status SqliteStore::mark_outbox_delivered(const std::string& relay, Id up_to) {
  if (relay.empty()) return invalid_argument("relay name is required", "relay");
  auto done = write([&](Connection& c) -> Result<bool> {
    c.run("INSERT INTO outbox_delivery (relay, delivered_to) VALUES (?1, ?2) "
          "ON CONFLICT (relay) DO UPDATE SET delivered_to = max(delivered_to, excluded.delivered_to)",
          relay, up_to);
    return true;
  });
  return done.status();
}

Result<ApiKey> SqliteStore::create_api_key(const ApiKey& k) {
  if (k.name.empty()) return invalid_argument("name is required", "name");
  if (k.key_hash.empty()) return invalid_argument("key_hash is required", "key_hash");
  return write([&](Connection& c) -> Result<ApiKey> {
    ApiKey row = k;
    row.id = 0;
    if (row.created_at == 0) row.created_at = now_utc();
    row.id = insert_row(c, row);
    return row;
  });
}

Result<ApiKey> SqliteStore::find_api_key_by_hash(const std::string& key_hash) {
  return read([&](Connection& c) -> Result<ApiKey> {
    static const std::string sql =
        "SELECT " + std::string(Mapping<ApiKey>::kColumns) + " FROM api_keys WHERE key_hash = ?1";
    auto s = c.prepare(sql);
    s->bind(1, key_hash);
    if (!s->step()) return not_found("no such API key");
    return Mapping<ApiKey>::read(*s);
  });
}

Result<std::vector<ApiKey>> SqliteStore::list_api_keys() {
  return read([&](Connection& c) -> Result<std::vector<ApiKey>> {
    static const std::string sql =
        "SELECT " + std::string(Mapping<ApiKey>::kColumns) + " FROM api_keys ORDER BY id";
    auto s = c.prepare(sql);
    std::vector<ApiKey> out;
    while (s->step()) out.push_back(Mapping<ApiKey>::read(*s));
    return out;
  });
}

Result<ApiKey> SqliteStore::revoke_api_key(Id id) {
  return write([&](Connection& c) -> Result<ApiKey> {
    c.run("UPDATE api_keys SET revoked = 1 WHERE id = ?1", id);
    if (c.changes() == 0) return not_found(not_found_message("API key", id), "id");
    return read_by_id<ApiKey>(c, id);
  });
}

Result<std::string> SqliteStore::data_version() {
  return read([&](Connection& c) -> Result<std::string> {
    auto version = c.query_int("SELECT version FROM data_version WHERE id = 1");
    if (!version) return internal_error("the data_version row is missing");
    return std::to_string(*version);
  });
}

Result<StoreStats> SqliteStore::stats() {
  // One statement, so every number comes from the same snapshot.
  static constexpr std::string_view kStatsQuery =
      "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM suppliers), "
      "(SELECT count(*) FROM customers), (SELECT count(*) FROM locations), "
      "(SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines), "
      "(SELECT count(*) FROM stock_levels), (SELECT count(*) FROM stock_movements), "
      "(SELECT count(*) FROM price_changes), (SELECT count(*) FROM purchase_orders), "
      "(SELECT count(*) FROM outbox_events), "
      "(SELECT total(l.quantity * l.unit_price - l.discount) FROM order_lines AS l "
      "  JOIN orders AS o ON o.id = l.order_id WHERE o.status NOT IN ('cancelled', 'returned')), "
      "(SELECT min(placed_at) FROM orders), (SELECT max(placed_at) FROM orders)";
  return read([&](Connection& c) -> Result<StoreStats> {
    auto s = c.prepare(kStatsQuery);
    s->step();
    StoreStats st;
    std::int64_t* counts[] = {&st.products,        &st.suppliers,       &st.customers,
                              &st.locations,       &st.orders,          &st.order_lines,
                              &st.stock_levels,    &st.stock_movements, &st.price_changes,
                              &st.purchase_orders, &st.outbox_events};
    int col = 0;
    for (auto* count : counts) *count = s->int64(col++);
    st.revenue = s->real(col++);
    st.first_order_at = s->optional_int64(col++);
    st.last_order_at = s->optional_int64(col++);
    st.backend = "sqlite";
    return st;
  });
}

}  // namespace sqlite

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path,
                                                 const StoreOptions& options) {
  using namespace sqlite;
  if (path.empty()) return invalid_argument("sqlite path is empty", "store");
  try {
    TempDirectory temp_dir;
    std::string db_path = path;
    bool durable = true;
    if (path == ":memory:") {
      // A private throwaway database in a scratch directory rather than SQLite's in-memory
      // mode: a real file lets the WAL reader pool and the writer thread work exactly as in
      // production. Durability is pointless here, so commits skip fsync.
      temp_dir = TempDirectory::create();
      db_path = (temp_dir.path() / "store.db").string();
      durable = false;
    }
    auto store = std::make_unique<SqliteStore>(db_path, std::move(temp_dir), durable, options);
    OIIS_RETURN_IF_ERROR(store->migrate());
    return std::unique_ptr<Store>(std::move(store));
  } catch (const SqliteError& e) {
    return to_status(e);
  }
}

}  // namespace oiis
