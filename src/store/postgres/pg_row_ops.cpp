// PostgreSQL's rows for the shared business rules (store/rules): placing and moving orders,
// adjusting stock and the purchase-order life cycle run through these prepared statements
// (pg_statements.cpp), one transaction each.
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"
#include "store/rules/row_ops.h"

namespace oiis::pg {
namespace {

using store_rules::RowLock;

// Lives on the stack of one transaction attempt (a retried transaction gets a new one).
class PgRowOps final : public store_rules::RowOps {
 public:
  explicit PgRowOps(pqxx::work& txn) : txn_(txn) {}

  bool customer_exists(Id id) override { return found("customer_get", id); }
  bool supplier_exists(Id id) override { return found("supplier_get", id); }
  bool product_exists(Id id) override { return found("product_get", id); }
  bool location_exists(Id id) override { return found("location_get", id); }

  std::optional<Id> first_location() override {
    auto rows = txn_.exec_prepared("location_first");
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<Id>();
  }

  std::optional<store_rules::ProductForSale> find_product_for_sale(
      const std::string& sku) override {
    auto rows = txn_.exec_prepared("product_for_sale", sku);
    if (rows.empty()) return std::nullopt;
    return store_rules::ProductForSale{rows[0][0].as<Id>(), rows[0][1].as<double>(),
                                       rows[0][2].as<bool>()};
  }

  std::optional<Id> find_order_by_idempotency_key(const std::string& key) override {
    // Same-key placements queue here until this transaction ends, so the second one sees the
    // first one's order.
    txn_.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key);
    auto rows = txn_.exec_prepared("order_by_idempotency_key", key);
    if (rows.empty()) return std::nullopt;
    return rows[0][0].as<Id>();
  }

  bool external_id_taken(const std::string& external_id) override {
    return !txn_.exec_prepared("order_by_external_id", external_id).empty();
  }

  Result<Order> load_order(Id id, RowLock lock) override {
    return pg::load_order(txn_, id, lock == RowLock::kForUpdate ? "order_lock" : "order_get");
  }

  Id insert_order(const Order& o, const std::string& idempotency_key) override {
    return exec_values(txn_, "order_insert", order_values(o), idempotency_key)[0][0].as<Id>();
  }

  Id insert_order_line(const OrderLine& line) override {
    return exec_values(txn_, "order_line_insert", order_line_values(line))[0][0].as<Id>();
  }

  void update_order_status(Id id, OrderStatus status,
                           std::optional<Timestamp> fulfilled_at) override {
    txn_.exec_prepared("order_set_status", id, std::string(to_string(status)), fulfilled_at);
  }

  bool take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) override {
    return !txn_.exec_prepared("stock_take", product_id, location_id, quantity, at).empty();
  }

  Quantity available(Id product_id, Id location_id) override {
    auto rows = txn_.exec_prepared("stock_available", product_id, location_id);
    return rows.empty() ? 0 : rows[0][0].as<Quantity>();
  }

  void add_stock(Id product_id, Id location_id, Quantity on_hand_delta, Quantity on_order_delta,
                 Timestamp at) override {
    txn_.exec_prepared("stock_add", product_id, location_id, on_hand_delta, on_order_delta, at);
  }

  // Adding zero creates a missing level and row-locks it until commit, so two adjustments of
  // one level queue instead of both reading the same on_hand.
  StockLevel lock_stock_level(Id product_id, Id location_id, Timestamp at) override {
    return read_stock(txn_.exec_prepared1("stock_add", product_id, location_id, Quantity{0},
                                          Quantity{0}, at));
  }

  void insert_movement(const StockMovement& m) override {
    exec_values(txn_, "movement_insert", movement_values(m));
  }

  void insert_outbox_event(const OutboxEvent& e) override { pg::insert_outbox_event(txn_, e); }

  Result<PurchaseOrder> lock_purchase_order(Id id) override {
    return load_purchase_order(txn_, id, "po_lock");
  }

  Id insert_purchase_order(const PurchaseOrder& po) override {
    return exec_values(txn_, "po_insert", purchase_order_values(po))[0][0].as<Id>();
  }

  Id insert_purchase_order_line(const PurchaseOrderLine& line) override {
    return exec_values(txn_, "po_line_insert", po_line_values(line))[0][0].as<Id>();
  }

  void update_received_quantity(Id purchase_order_line_id, Quantity received) override {
    txn_.exec_prepared("po_line_set_received", purchase_order_line_id, received);
  }

  void update_line_quantity(Id purchase_order_line_id, Quantity quantity) override {
    txn_.exec_prepared("po_line_set_quantity", purchase_order_line_id, quantity);
  }

  void delete_purchase_order_line(Id purchase_order_line_id) override {
    txn_.exec_prepared("po_line_delete", purchase_order_line_id);
  }

  void update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                    std::optional<Timestamp> received_at) override {
    txn_.exec_prepared("po_set_status", id, std::string(to_string(status)), received_at);
  }

 private:
  // Whether the prepared single-row lookup `statement` finds a row for `id`.
  bool found(const char* statement, Id id) { return !txn_.exec_prepared(statement, id).empty(); }

  pqxx::work& txn_;
};

}  // namespace

Status PostgresStore::run_in_transaction(const RowWork& work) {
  return transact([&](pqxx::work& txn) -> Result<bool> {
    PgRowOps rows(txn);
    OIIS_RETURN_IF_ERROR(work(rows));
    return true;
  }).status();
}

}  // namespace oiis::pg
