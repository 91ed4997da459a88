#include "store/postgres/pg_row_ops.h"

#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {

bool PgRowOps::found(const char* statement, Id id) {
  return !txn_.exec_prepared(statement, id).empty();
}

bool PgRowOps::customer_exists(Id id) { return found("customer_get", id); }
bool PgRowOps::supplier_exists(Id id) { return found("supplier_get", id); }
bool PgRowOps::product_exists(Id id) { return found("product_get", id); }
bool PgRowOps::location_exists(Id id) { return found("location_get", id); }

std::optional<Id> PgRowOps::first_location() {
  auto rows = txn_.exec_prepared("location_first");
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<Id>();
}

std::optional<store_rules::ProductForSale> PgRowOps::find_product_for_sale(
    const std::string& sku) {
  auto rows = txn_.exec_prepared("product_for_sale", sku);
  if (rows.empty()) return std::nullopt;
  return store_rules::ProductForSale{rows[0][0].as<Id>(), rows[0][1].as<double>(),
                                     rows[0][2].as<bool>()};
}

std::optional<Id> PgRowOps::find_order_by_idempotency_key(const std::string& key) {
  // Same-key placements queue here until this transaction ends, so the second one sees the
  // first one's order.
  txn_.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", key);
  auto rows = txn_.exec_prepared("order_by_idempotency_key", key);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<Id>();
}

bool PgRowOps::external_id_taken(const std::string& external_id) {
  return !txn_.exec_prepared("order_by_external_id", external_id).empty();
}

Result<Order> PgRowOps::load_order(Id id, store_rules::RowLock lock) {
  return pg::load_order(txn_, id,
                        lock == store_rules::RowLock::kForUpdate ? "order_lock" : "order_get");
}

Id PgRowOps::insert_order(const Order& o, const std::string& idempotency_key) {
  return exec_values(txn_, "order_insert", order_values(o), idempotency_key)[0][0].as<Id>();
}

Id PgRowOps::insert_order_line(const OrderLine& line) {
  return exec_values(txn_, "order_line_insert", order_line_values(line))[0][0].as<Id>();
}

void PgRowOps::update_order_status(Id id, OrderStatus status,
                                   std::optional<Timestamp> fulfilled_at) {
  txn_.exec_prepared("order_set_status", id, std::string(to_string(status)), fulfilled_at);
}

bool PgRowOps::take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) {
  return !txn_.exec_prepared("stock_take", product_id, location_id, quantity, at).empty();
}

Quantity PgRowOps::available(Id product_id, Id location_id) {
  auto rows = txn_.exec_prepared("stock_available", product_id, location_id);
  return rows.empty() ? 0 : rows[0][0].as<Quantity>();
}

void PgRowOps::add_stock(Id product_id, Id location_id, Quantity on_hand_delta,
                         Quantity on_order_delta, Timestamp at) {
  txn_.exec_prepared("stock_add", product_id, location_id, on_hand_delta, on_order_delta, at);
}

// Adding zero creates a missing level and row-locks it until commit, so two adjustments of
// one level queue instead of both reading the same on_hand.
StockLevel PgRowOps::lock_stock_level(Id product_id, Id location_id, Timestamp at) {
  return read_stock(txn_.exec_prepared1("stock_add", product_id, location_id, Quantity{0},
                                        Quantity{0}, at));
}

void PgRowOps::insert_movement(const StockMovement& m) {
  exec_values(txn_, "movement_insert", movement_values(m));
}

void PgRowOps::insert_outbox_event(const OutboxEvent& e) {
  txn_.exec_prepared("outbox_insert", e.topic, e.aggregate, e.aggregate_id, e.payload_json, e.at);
}

Result<PurchaseOrder> PgRowOps::lock_purchase_order(Id id) {
  return load_purchase_order(txn_, id, "po_lock");
}

Id PgRowOps::insert_purchase_order(const PurchaseOrder& po) {
  return exec_values(txn_, "po_insert", purchase_order_values(po))[0][0].as<Id>();
}

Id PgRowOps::insert_purchase_order_line(const PurchaseOrderLine& line) {
  return exec_values(txn_, "po_line_insert", po_line_values(line))[0][0].as<Id>();
}

void PgRowOps::update_received_quantity(Id purchase_order_line_id, Quantity received) {
  txn_.exec_prepared("po_line_set_received", purchase_order_line_id, received);
}

void PgRowOps::update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                            std::optional<Timestamp> received_at) {
  txn_.exec_prepared("po_set_status", id, std::string(to_string(status)), received_at);
}

}  // namespace oiis::pg
