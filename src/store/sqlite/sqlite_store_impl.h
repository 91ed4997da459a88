// The SQLite Store. Writes go through one WriteQueue (group commit on a dedicated thread);
// reads use pooled read-only connections that WAL lets run beside the writer.
//
// Implementation is split by topic: sqlite_store.cpp (open, catalogue CRUD, lists, keys,
// stats), sqlite_stock.cpp (stock and purchase-order reads), sqlite_row_ops.cpp (the rows the
// shared business rules work on: placing and moving orders, adjusting stock and the
// purchase-order life cycle are store/rules' RuleDrivenStore), sqlite_bulk.cpp (BulkWriter).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/reader_pool.h"
#include "store/sqlite/row_mapping.h"
#include "store/sqlite/sqlite_agent_tables.h"
#include "store/sqlite/sqlite_alert_tables.h"
#include "store/sqlite/sqlite_model_tables.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/rules/rule_driven_store.h"
#include "store/sqlite/write_queue.h"
#include "store/store.h"

namespace oiis::sqlite {

// Decodes a PageRequest: `after_id` from the cursor (decimal id, "" = 0), limit clamped.
struct PageBounds {
  Id after_id = 0;
  int limit = 50;
};
Result<PageBounds> page_bounds(const PageRequest& p);

// WHERE conditions built from fixed SQL fragments with `?` placeholders; values are bound,
// never spliced into the text.
class Conditions {
 public:
  template <typename... V>
  void add(std::string_view clause, V&&... values) {
    sql_ += sql_.empty() ? " WHERE " : " AND ";
    sql_ += clause;
    (values_.emplace_back(std::forward<V>(values)), ...);
  }
  // A value for a placeholder that follows the conditions (e.g. LIMIT ?).
  void add_value(SqlValue v) { values_.push_back(std::move(v)); }
  const std::string& sql() const { return sql_; }
  void bind(Statement& s, int first_index = 1) const;
  int size() const { return static_cast<int>(values_.size()); }

 private:
  std::string sql_;
  std::vector<SqlValue> values_;
};

// Reads orders with their lines from one query (orders LEFT JOIN order_lines ordered by order
// id, then line id) and calls fn per complete order; stops when fn returns false.
// `orders_source` is a subquery or table yielding the orders rows, aliased as o.
void for_each_order(Connection& c, const std::string& orders_source, const Conditions& where,
                    const std::function<bool(Order&&)>& fn);

// A private scratch directory (for ":memory:" stores), deleted with everything in it.
class TempDirectory {
 public:
  TempDirectory() = default;
  static TempDirectory create();  // throws SqliteError when no directory can be made
  TempDirectory(TempDirectory&& other) noexcept : path_(std::exchange(other.path_, {})) {}
  TempDirectory& operator=(TempDirectory&& other) noexcept {
    std::swap(path_, other.path_);
    return *this;
  }
  ~TempDirectory();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class SqliteStore final : public store_rules::RuleDrivenStore {
 public:
  // `db_path` is the database file; `temp_dir`, when set, is removed with the store.
  SqliteStore(std::string db_path, TempDirectory temp_dir, bool durable, StoreOptions options);
  ~SqliteStore() override;

  // Creates the schema_migrations table and applies pending migrations in order.
  Status migrate();

  std::string backend_name() const override { return "sqlite"; }

  Result<Supplier> create_supplier(const Supplier& s) override;
  Result<Supplier> get_supplier(Id id) override;
  Result<Supplier> update_supplier(const Supplier& s) override;
  Result<Page<Supplier>> list_suppliers(const SupplierFilter& f, const PageRequest& p) override;

  Result<Product> create_product(const Product& p) override;
  Result<Product> get_product(Id id) override;
  Result<Product> get_product_by_sku(const std::string& sku) override;
  Result<Product> update_product(const Product& p, const std::string& reason) override;
  Result<Page<Product>> list_products(const ProductFilter& f, const PageRequest& p) override;
  Result<std::vector<PriceChange>> price_history(Id product_id) override;

  Result<Customer> create_customer(const Customer& c) override;
  Result<Customer> get_customer(Id id) override;
  Result<Customer> update_customer(const Customer& c) override;
  Result<Page<Customer>> list_customers(const CustomerFilter& f, const PageRequest& p) override;

  Result<Location> create_location(const Location& l) override;
  Result<Location> get_location(Id id) override;
  Result<Location> update_location(const Location& l) override;
  Result<std::vector<Location>> list_locations() override;

  Result<Order> get_order(Id id) override;
  Result<Page<Order>> list_orders(const OrderFilter& f, const PageRequest& p) override;

  Result<StockLevel> get_stock(Id product_id, Id location_id) override;
  Result<Page<StockLevel>> list_stock(const StockFilter& f, const PageRequest& p) override;
  Result<Page<StockMovement>> list_movements(const MovementFilter& f,
                                             const PageRequest& p) override;

  Result<PurchaseOrder> get_purchase_order(Id id) override;
  Result<Page<PurchaseOrder>> list_purchase_orders(const PurchaseOrderFilter& f,
                                                   const PageRequest& p) override;

  Result<std::vector<OutboxEvent>> read_outbox(Id after_id, int limit) override;
  Result<Id> outbox_delivered(const std::string& relay) override;
  Status mark_outbox_delivered(const std::string& relay, Id up_to) override;

  Result<ApiKey> create_api_key(const ApiKey& k) override;
  Result<ApiKey> find_api_key_by_hash(const std::string& key_hash) override;
  Result<std::vector<ApiKey>> list_api_keys() override;
  Result<ApiKey> revoke_api_key(Id id) override;
  Result<std::string> data_version() override;

  Result<std::unique_ptr<BulkWriter>> begin_bulk() override;
  Status scan_orders(const OrderFilter& f, const std::function<bool(const Order&)>& fn) override;
  Result<StoreStats> stats() override;
  ModelTables& models() override { return models_; }
  AgentTables& agents() override { return agents_; }
  AlertTables& alerts() override { return alerts_; }

 private:
  // The shared rules' writes: over SqliteRowOps on the writer thread (sqlite_row_ops.cpp).
  Status run_in_transaction(const RowWork& work) override;

  // Runs fn(Connection&) on a pooled reader; SqliteError becomes a Status.
  template <typename Fn>
  auto read(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    return readers_.run(std::forward<Fn>(fn));
  }
  // Runs fn(Connection&) on the writer thread inside a group-committed savepoint.
  template <typename Fn>
  auto write(Fn&& fn) -> std::invoke_result_t<Fn&, Connection&> {
    return writes_->execute(std::forward<Fn>(fn));
  }

  TempDirectory temp_dir_;  // first member: removed after every connection has closed
  std::string db_path_;
  bool durable_;
  std::unique_ptr<WriteQueue> writes_;
  ReaderPool readers_;
  SqliteModelTables models_{*writes_, readers_};
  SqliteAgentTables agents_{*writes_, readers_};
  SqliteAlertTables alerts_{*writes_, readers_};
};

// Bumps the data version (migration 002) inside the transaction that writes: the write queue
// runs it in every group that commits a change, the bulk writer before its COMMIT.
inline constexpr std::string_view kBumpDataVersion =
    "UPDATE data_version SET version = version + 1 WHERE id = 1";

// Lookups shared by reads and writes (they run on whichever connection is given).
Result<Product> load_product(Connection& c, Id id);
Result<Order> load_order(Connection& c, Id id);
Result<PurchaseOrder> load_purchase_order(Connection& c, Id id);
Result<StockLevel> load_stock(Connection& c, Id product_id, Id location_id);
// Adds signed deltas to on_hand and on_order (on_order floored at 0), creating the level.
void add_stock(Connection& c, Id product_id, Id location_id, Quantity on_hand_delta,
               Quantity on_order_delta, Timestamp at);
// The location an order or purchase order uses when none is given: the lowest id.
std::optional<Id> default_location(Connection& c);

// Generic page read: SELECT Mapping<T> columns FROM its table WHERE [conditions AND] id > after
// ORDER BY id.
template <typename T>
Page<T> read_page(Connection& c, Conditions where, const PageBounds& b) {
  where.add("id > ?", b.after_id);
  where.add_value(std::int64_t{b.limit} + 1);
  auto s = c.prepare("SELECT " + std::string(Mapping<T>::kColumns) + " FROM " +
                     std::string(Mapping<T>::kTable) + where.sql() + " ORDER BY id LIMIT ?");
  where.bind(*s);
  Page<T> page;
  while (s->step()) page.items.push_back(Mapping<T>::read(*s));
  if (static_cast<int>(page.items.size()) > b.limit) {
    page.items.pop_back();
    page.next_cursor = std::to_string(page.items.back().id);
  }
  return page;
}

// Whether a T with `id` exists: referential checks that can name the offending field.
template <typename T>
bool exists(Connection& c, Id id) {
  static const std::string sql =
      "SELECT 1 FROM " + std::string(Mapping<T>::kTable) + " WHERE id = ?1";
  return c.query_int(sql, id).has_value();
}

// Reads the row with `id` or returns kNotFound.
template <typename T>
Result<T> read_by_id(Connection& c, Id id) {
  static const std::string sql = "SELECT " + std::string(Mapping<T>::kColumns) + " FROM " +
                                 std::string(Mapping<T>::kTable) + " WHERE id = ?1";
  auto s = c.prepare(sql);
  s->bind(1, id);
  if (!s->step())
    return not_found(std::string(Mapping<T>::kNoun) + " " + std::to_string(id) + " not found");
  return Mapping<T>::read(*s);
}

}  // namespace oiis::sqlite
