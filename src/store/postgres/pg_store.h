// The PostgreSQL Store. Methods are split by area over pg_store.cpp (catalog, keys, stats),
// pg_orders.cpp and pg_stock.cpp (reads of orders, stock and purchase orders), pg_row_ops.cpp
// (the rows the shared business rules work on: placing and moving orders, adjusting stock and
// the purchase-order life cycle are store/rules' RuleDrivenStore) and pg_bulk.cpp.
#pragma once

#include <chrono>
#include <pqxx/pqxx>
#include <thread>
#include <utility>

#include "store/postgres/pg_agent_tables.h"
#include "store/postgres/pg_alert_tables.h"
#include "store/postgres/pg_model_tables.h"
#include "store/postgres/pg_pool.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_support.h"
#include "store/rules/rule_driven_store.h"
#include "store/store.h"

namespace oiis::pg {

class PostgresStore final : public store_rules::RuleDrivenStore {
 public:
  PostgresStore(const std::string& url, const StoreOptions& options, size_t pool_size);

  // Connects, applies pending migrations and checks the server is usable.
  Status init();

  std::string backend_name() const override { return "postgres"; }

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

  // Runs `fn(pqxx::work&) -> Result<T>` in one transaction on a pooled connection and commits
  // when it returns OK. Serialization failures and deadlocks are retried a few times; libpqxx
  // exceptions become a Status.
  template <typename Fn>
  auto transact(Fn&& fn) -> decltype(fn(std::declval<pqxx::work&>()));

  // Hands a connection to a bulk writer for its whole lifetime.
  Result<ConnectionPool::Lease> lease_connection() { return pool_.acquire(); }

 private:
  // The shared rules' writes: over PgRowOps in one transaction (pg_row_ops.cpp).
  Status run_in_transaction(const RowWork& work) override;
  Status migrate(pqxx::connection& conn);

  const std::string url_;
  ConnectionPool pool_;
  PgModelTables models_{*this};
  PgAgentTables agents_{*this};
  PgAlertTables alerts_{*this};
};

template <typename Fn>
auto PostgresStore::transact(Fn&& fn) -> decltype(fn(std::declval<pqxx::work&>())) {
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    auto lease = pool_.acquire();
    if (!lease) return lease.status();
    try {
      pqxx::work txn(lease->conn());
      auto result = fn(txn);
      if (result.is_ok()) txn.commit();
      return result;
    } catch (const pqxx::statement_completion_unknown& e) {
      return status_from_exception(e);  // may have committed: never retry
    } catch (const pqxx::transaction_rollback& e) {
      // Serialization failure or deadlock: the transaction was rolled back, so a retry is safe.
      if (attempt == kAttempts) return status_from_exception(e);
      std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt * attempt));
    } catch (const pqxx::broken_connection& e) {
      // Nothing was committed, so a retry on a fresh connection is safe.
      lease->discard();
      pool_.drop_idle();
      if (attempt == kAttempts) return status_from_exception(e);
    } catch (const pqxx::in_doubt_error& e) {
      lease->discard();
      return status_from_exception(e);
    } catch (const std::exception& e) {
      return status_from_exception(e);
    }
  }
}

// Reads the lines of the given orders and attaches them.
void attach_order_lines(pqxx::work& txn, std::vector<Order>& orders);

// The order with its lines, or kNotFound; `statement` "order_lock" also locks it until commit.
Result<Order> load_order(pqxx::work& txn, Id id, const char* statement = "order_get");
// The purchase order with its lines, or kNotFound; "po_lock" also locks it until commit.
Result<PurchaseOrder> load_purchase_order(pqxx::work& txn, Id id,
                                          const char* statement = "po_get");

// Runs a prepared INSERT/UPDATE with the values of a `*_values` tuple (pg_rows.h), followed by
// `extra` arguments.
template <typename Tuple, typename... Extra>
pqxx::result exec_values(pqxx::work& txn, const char* statement, const Tuple& values,
                         const Extra&... extra) {
  return std::apply([&](const auto&... v) { return txn.exec_prepared(statement, v..., extra...); },
                    values);
}

// The first row mapped by `read`, or kNotFound "<what> <id> not found" naming `field`.
template <typename Read>
auto first_or_not_found(const pqxx::result& rows, Read read, const std::string& what, Id id,
                        const std::string& field = {}) -> Result<decltype(read(rows[0]))> {
  if (rows.empty()) return not_found(what + " " + std::to_string(id) + " not found", field);
  return read(rows[0]);
}

// One page of `SELECT cols FROM table <where>` in id order, using the cursor and limit of `p`.
// `id_col` is the (unique, increasing) column the cursor refers to.
template <typename Read>
auto fetch_page(pqxx::work& txn, const std::string& table, const char* cols, Where where,
                const PageRequest& p, Read read, const std::string& id_col = "id")
    -> Result<Page<decltype(read(std::declval<pqxx::row>()))>> {
  using T = decltype(read(std::declval<pqxx::row>()));
  auto after = decode_cursor(p.cursor);
  if (!after) return after.status();
  if (*after > 0) where.add(id_col + " > $?", *after);
  const int limit = clamp_limit(p.limit);
  auto rows = txn.exec_params(std::string("SELECT ") + cols + " FROM " + table + where.sql() +
                                  " ORDER BY " + id_col + " LIMIT " + std::to_string(limit + 1),
                              where.params());
  Page<T> page;
  for (const auto& row : rows) page.items.push_back(read(row));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor(rows[limit - 1][id_col].template as<Id>());
  }
  return page;
}

}  // namespace oiis::pg
