// PostgreSQL Store: opening and migrating, the catalog (suppliers, products, customers,
// locations), outbox, API keys and stats.
#include "store/postgres/pg_store.h"

#include <cstdlib>
#include <set>

#include "common/log.h"
#include "domain/validation.h"
#include "store/migrations.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/postgres_store.h"

namespace oiis {

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const StoreOptions& options) {
  size_t pool_size = 8;
  if (const char* env = std::getenv("OIIS_PG_POOL_SIZE"); env && std::atoi(env) > 0)
    pool_size = static_cast<size_t>(std::atoi(env));
  auto store = std::make_unique<pg::PostgresStore>(url, options, pool_size);
  OIIS_RETURN_IF_ERROR(store->init());
  return std::unique_ptr<Store>(std::move(store));
}

namespace pg {
namespace {

// Any constant works; it only has to be the same in every process migrating this database.
constexpr std::int64_t kMigrationLockKey = 0x6f696973'6d696772;  // "oiismigr"

template <typename T>
T or_now(T value) {
  return value ? value : now_utc();
}

Status apply_pending_migrations(pqxx::connection& conn) {
  {
    pqxx::work txn(conn);
    txn.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    txn.commit();
  }
  std::set<int> applied;
  {
    pqxx::work txn(conn);
    for (const auto& row : txn.exec("SELECT version FROM schema_migrations"))
      applied.insert(row[0].as<int>());
  }
  for (const Migration& m : postgres_migrations()) {
    if (applied.count(m.version)) continue;
    pqxx::work txn(conn);
    txn.exec(m.sql);
    txn.exec_params("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                    m.version, m.name, now_utc());
    txn.commit();
    log_info("postgres: applied migration " + m.name);
  }
  return Status::ok();
}

}  // namespace

PostgresStore::PostgresStore(const std::string& url, const StoreOptions& options, size_t pool_size)
    : RuleDrivenStore(options), url_(url), pool_(url, pool_size, prepare_statements) {}

Status PostgresStore::init() {
  auto lease = pool_.acquire();
  if (!lease) return lease.status();
  try {
    return migrate(lease->conn());
  } catch (const std::exception& e) {
    lease->discard();
    return status_from_exception(e);
  }
}

// Several processes may open the same fresh database at once: a session-level advisory lock
// makes them migrate one after the other, so each sees the others' recorded versions.
Status PostgresStore::migrate(pqxx::connection& conn) {
  {
    pqxx::nontransaction nt(conn);
    nt.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
  }
  Status status;
  try {
    status = apply_pending_migrations(conn);
  } catch (const std::exception& e) {
    status = status_from_exception(e);
    if (status.code() == ErrorCode::kInternal)
      status = internal_error("migrating the PostgreSQL schema failed: " + status.message());
  }
  try {
    pqxx::nontransaction nt(conn);
    nt.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
  } catch (const std::exception&) {
    // The lock dies with the session anyway.
  }
  return status;
}

// --- suppliers

Result<Supplier> PostgresStore::create_supplier(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(validate(s));
  Supplier row = s;
  row.created_at = or_now(s.created_at);
  return transact([&](pqxx::work& txn) -> Result<Supplier> {
    return read_supplier(exec_values(txn, "supplier_insert", supplier_values(row))[0]);
  });
}

Result<Supplier> PostgresStore::get_supplier(Id id) {
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("supplier_get", id), read_supplier, "supplier", id);
  });
}

Result<Supplier> PostgresStore::update_supplier(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(validate(s));
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(
        txn.exec_prepared("supplier_update", s.id, s.name, s.email, s.lead_time_mean_days,
                          s.lead_time_sd_days, s.min_order_qty, s.order_cost),
        read_supplier, "supplier", s.id, "id");
  });
}

Result<Page<Supplier>> PostgresStore::list_suppliers(const SupplierFilter& f,
                                                     const PageRequest& p) {
  Where where;
  if (f.query) where.add("name ILIKE $?", like_pattern(*f.query));
  return transact([&](pqxx::work& txn) {
    return fetch_page(txn, "suppliers", kSupplierCols, where, p, read_supplier);
  });
}

// --- products

Result<Product> PostgresStore::create_product(const Product& p) {
  OIIS_RETURN_IF_ERROR(validate(p));
  Product row = p;
  row.created_at = or_now(p.created_at);
  row.updated_at = p.updated_at ? p.updated_at : row.created_at;
  return transact([&](pqxx::work& txn) -> Result<Product> {
    return read_product(exec_values(txn, "product_insert", product_values(row))[0]);
  });
}

Result<Product> PostgresStore::get_product(Id id) {
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("product_get", id), read_product, "product", id);
  });
}

Result<Product> PostgresStore::get_product_by_sku(const std::string& sku) {
  return transact([&](pqxx::work& txn) -> Result<Product> {
    auto rows = txn.exec_prepared("product_get_sku", sku);
    if (rows.empty()) return not_found("product with sku '" + sku + "' not found", "sku");
    return read_product(rows[0]);
  });
}

Result<Product> PostgresStore::update_product(const Product& p, const std::string& reason) {
  return transact([&](pqxx::work& txn) -> Result<Product> {
    auto old = first_or_not_found(txn.exec_prepared("product_lock", p.id), read_product, "product",
                                  p.id, "id");
    if (!old) return old.status();
    Product row = p;
    row.sku = old->sku;  // immutable, as is created_at
    OIIS_RETURN_IF_ERROR(validate(row));
    row.updated_at = or_now(p.updated_at);
    auto updated = read_product(txn.exec_prepared("product_update", row.id, row.name, row.category,
                                                  row.brand, row.description, row.attributes_json,
                                                  row.price, row.cost, row.supplier_id,
                                                  row.pack_size, row.active, row.updated_at)[0]);
    if (updated.price != old->price) {
      PriceChange change{
          0, row.id, old->price, updated.price, reason.empty() ? "manual" : reason, row.updated_at};
      exec_values(txn, "price_change_insert", price_change_values(change));
    }
    return updated;
  });
}

Result<Page<Product>> PostgresStore::list_products(const ProductFilter& f, const PageRequest& p) {
  Where where;
  if (f.category) where.add("category = $?", *f.category);
  if (f.brand) where.add("brand = $?", *f.brand);
  if (f.supplier_id) where.add("supplier_id = $?", *f.supplier_id);
  if (f.active) where.add("active = $?", *f.active);
  if (f.query) {
    const std::string pattern = like_pattern(*f.query);
    where.add("(sku ILIKE $? OR name ILIKE $?)", pattern, pattern);
  }
  return transact([&](pqxx::work& txn) {
    return fetch_page(txn, "products", kProductCols, where, p, read_product);
  });
}

Result<std::vector<PriceChange>> PostgresStore::price_history(Id product_id) {
  return transact([&](pqxx::work& txn) -> Result<std::vector<PriceChange>> {
    if (txn.exec_prepared("product_get", product_id).empty())
      return not_found("product " + std::to_string(product_id) + " not found", "product_id");
    std::vector<PriceChange> out;
    for (const auto& row : txn.exec_prepared("price_history", product_id))
      out.push_back(read_price_change(row));
    return out;
  });
}

// --- customers

Result<Customer> PostgresStore::create_customer(const Customer& c) {
  OIIS_RETURN_IF_ERROR(validate(c));
  Customer row = c;
  row.signup_at = or_now(c.signup_at);
  return transact([&](pqxx::work& txn) -> Result<Customer> {
    return read_customer(exec_values(txn, "customer_insert", customer_values(row))[0]);
  });
}

Result<Customer> PostgresStore::get_customer(Id id) {
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("customer_get", id), read_customer, "customer", id);
  });
}

Result<Customer> PostgresStore::update_customer(const Customer& c) {
  OIIS_RETURN_IF_ERROR(validate(c));
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("customer_update", c.id, c.external_id, c.name,
                                                c.email, c.region, or_now(c.signup_at)),
                              read_customer, "customer", c.id, "id");
  });
}

Result<Page<Customer>> PostgresStore::list_customers(const CustomerFilter& f,
                                                     const PageRequest& p) {
  Where where;
  if (f.region) where.add("region = $?", *f.region);
  if (f.query) {
    const std::string pattern = like_pattern(*f.query);
    where.add("(name ILIKE $? OR email ILIKE $? OR external_id ILIKE $?)", pattern, pattern,
              pattern);
  }
  return transact([&](pqxx::work& txn) {
    return fetch_page(txn, "customers", kCustomerCols, where, p, read_customer);
  });
}

// --- locations

Result<Location> PostgresStore::create_location(const Location& l) {
  OIIS_RETURN_IF_ERROR(validate(l));
  return transact([&](pqxx::work& txn) -> Result<Location> {
    return read_location(exec_values(txn, "location_insert", location_values(l))[0]);
  });
}

Result<Location> PostgresStore::get_location(Id id) {
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("location_get", id), read_location, "location", id);
  });
}

Result<Location> PostgresStore::update_location(const Location& l) {
  OIIS_RETURN_IF_ERROR(validate(l));
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("location_update", l.id, l.code, l.name, l.kind),
                              read_location, "location", l.id, "id");
  });
}

Result<std::vector<Location>> PostgresStore::list_locations() {
  return transact([&](pqxx::work& txn) -> Result<std::vector<Location>> {
    std::vector<Location> out;
    for (const auto& row : txn.exec_prepared("location_list")) out.push_back(read_location(row));
    return out;
  });
}

// --- outbox, API keys, stats

Result<std::vector<OutboxEvent>> PostgresStore::read_outbox(Id after_id, int limit) {
  return transact([&](pqxx::work& txn) -> Result<std::vector<OutboxEvent>> {
    std::vector<OutboxEvent> out;
    for (const auto& row : txn.exec_prepared("outbox_read", after_id, clamp_limit(limit)))
      out.push_back(read_outbox_event(row));
    return out;
  });
}

Result<Id> PostgresStore::outbox_delivered(const std::string& relay) {
  return transact([&](pqxx::work& txn) -> Result<Id> {
    auto rows = txn.exec_prepared("outbox_delivered", relay);
    return rows.empty() ? Id{0} : rows[0][0].as<Id>();
  });
}

Status PostgresStore::mark_outbox_delivered(const std::string& relay, Id up_to) {
  if (relay.empty()) return invalid_argument("relay name is required", "relay");
  auto done = transact([&](pqxx::work& txn) -> Result<bool> {
    txn.exec_prepared("outbox_mark_delivered", relay, up_to);
    return true;
  });
  return done.status();
}

Result<ApiKey> PostgresStore::create_api_key(const ApiKey& k) {
  if (k.name.empty()) return invalid_argument("name is required", "name");
  if (k.key_hash.empty()) return invalid_argument("key_hash is required", "key_hash");
  return transact([&](pqxx::work& txn) -> Result<ApiKey> {
    return read_api_key(txn.exec_prepared1("api_key_insert", k.name, k.key_hash,
                                           std::string(to_string(k.role)), or_now(k.created_at),
                                           k.revoked));
  });
}

Result<ApiKey> PostgresStore::find_api_key_by_hash(const std::string& key_hash) {
  return transact([&](pqxx::work& txn) -> Result<ApiKey> {
    auto rows = txn.exec_prepared("api_key_by_hash", key_hash);
    if (rows.empty()) return not_found("no API key with that hash");
    return read_api_key(rows[0]);
  });
}

Result<std::vector<ApiKey>> PostgresStore::list_api_keys() {
  return transact([&](pqxx::work& txn) -> Result<std::vector<ApiKey>> {
    std::vector<ApiKey> out;
    for (const auto& row : txn.exec_prepared("api_key_list")) out.push_back(read_api_key(row));
    return out;
  });
}

Result<ApiKey> PostgresStore::revoke_api_key(Id id) {
  return transact([&](pqxx::work& txn) {
    return first_or_not_found(txn.exec_prepared("api_key_revoke", id), read_api_key, "API key",
                              id, "id");
  });
}

// Triggers keep it (migration 002_data_version.sql); reading it sums 64 small rows.
Result<std::string> PostgresStore::data_version() {
  return transact([&](pqxx::work& txn) -> Result<std::string> {
    return std::to_string(txn.exec1("SELECT sum(version) FROM data_version")[0].as<std::int64_t>());
  });
}

Result<StoreStats> PostgresStore::stats() {
  return transact([&](pqxx::work& txn) -> Result<StoreStats> {
    auto row = txn.exec1(
        "SELECT (SELECT count(*) FROM products), (SELECT count(*) FROM suppliers), "
        "(SELECT count(*) FROM customers), (SELECT count(*) FROM locations), "
        "(SELECT count(*) FROM orders), (SELECT count(*) FROM order_lines), "
        "(SELECT count(*) FROM stock_levels), (SELECT count(*) FROM stock_movements), "
        "(SELECT count(*) FROM price_changes), (SELECT count(*) FROM purchase_orders), "
        "(SELECT count(*) FROM outbox_events), "
        "(SELECT COALESCE(sum(l.quantity * l.unit_price - l.discount), 0) FROM order_lines l "
        " JOIN orders o ON o.id = l.order_id WHERE o.status NOT IN ('cancelled', 'returned')), "
        "(SELECT min(placed_at) FROM orders), (SELECT max(placed_at) FROM orders)");
    RowReader r(row);
    StoreStats s;
    for (auto* count : {&s.products, &s.suppliers, &s.customers, &s.locations, &s.orders,
                        &s.order_lines, &s.stock_levels, &s.stock_movements, &s.price_changes,
                        &s.purchase_orders, &s.outbox_events})
      *count = r.i64();
    s.revenue = r.f64();
    s.first_order_at = r.opt_i64();
    s.last_order_at = r.opt_i64();
    s.backend = "postgres";
    return s;
  });
}

}  // namespace pg
}  // namespace oiis
