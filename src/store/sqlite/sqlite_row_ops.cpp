#include "store/sqlite/sqlite_row_ops.h"

#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {

bool SqliteRowOps::customer_exists(Id id) { return exists<Customer>(c_, id); }
bool SqliteRowOps::supplier_exists(Id id) { return exists<Supplier>(c_, id); }
bool SqliteRowOps::product_exists(Id id) { return exists<Product>(c_, id); }
bool SqliteRowOps::location_exists(Id id) { return exists<Location>(c_, id); }
std::optional<Id> SqliteRowOps::first_location() { return default_location(c_); }

std::optional<store_rules::ProductForSale> SqliteRowOps::find_product_for_sale(
    const std::string& sku) {
  auto s = c_.prepare("SELECT id, price, active FROM products WHERE sku = ?1");
  s->bind(1, sku);
  if (!s->step()) return std::nullopt;
  return store_rules::ProductForSale{s->int64(0), s->real(1), s->int64(2) != 0};
}

// All writes run on the one writer thread, so a second placement with the same key waits
// behind this one without a lock of its own.
std::optional<Id> SqliteRowOps::find_order_by_idempotency_key(const std::string& key) {
  return c_.query_int("SELECT id FROM orders WHERE idempotency_key = ?1 AND idempotency_key <> ''",
                      key);
}

bool SqliteRowOps::external_id_taken(const std::string& external_id) {
  return c_
      .query_int("SELECT 1 FROM orders WHERE external_id = ?1 AND external_id <> ''", external_id)
      .has_value();
}

Result<Order> SqliteRowOps::load_order(Id id, store_rules::RowLock) {
  return sqlite::load_order(c_, id);
}

Id SqliteRowOps::insert_order(const Order& o, const std::string& idempotency_key) {
  auto s = c_.prepare(Mapping<Order>::kInsert);
  Mapping<Order>::bind(*s, o);
  s->bind(10, idempotency_key);
  s->run();
  return c_.last_insert_id();
}

Id SqliteRowOps::insert_order_line(const OrderLine& line) { return insert_row(c_, line); }

void SqliteRowOps::update_order_status(Id id, OrderStatus status,
                                       std::optional<Timestamp> fulfilled_at) {
  c_.run("UPDATE orders SET status = ?2, fulfilled_at = ?3 WHERE id = ?1", id, to_string(status),
         fulfilled_at);
}

bool SqliteRowOps::take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) {
  return c_.run(
             "UPDATE stock_levels SET on_hand = on_hand - ?3, updated_at = ?4 "
             "WHERE product_id = ?1 AND location_id = ?2 AND on_hand - reserved >= ?3",
             product_id, location_id, quantity, at) == 1;
}

Quantity SqliteRowOps::available(Id product_id, Id location_id) {
  return c_
      .query_int(
          "SELECT on_hand - reserved FROM stock_levels WHERE product_id = ?1 AND location_id = ?2",
          product_id, location_id)
      .value_or(0);
}

void SqliteRowOps::add_stock(Id product_id, Id location_id, Quantity on_hand_delta,
                             Quantity on_order_delta, Timestamp at) {
  sqlite::add_stock(c_, product_id, location_id, on_hand_delta, on_order_delta, at);
}

StockLevel SqliteRowOps::lock_stock_level(Id product_id, Id location_id, Timestamp at) {
  sqlite::add_stock(c_, product_id, location_id, 0, 0, at);  // creates a missing level
  return load_stock(c_, product_id, location_id).value();
}

void SqliteRowOps::insert_movement(const StockMovement& m) { insert_row(c_, m); }
void SqliteRowOps::insert_outbox_event(const OutboxEvent& e) { insert_row(c_, e); }

Result<PurchaseOrder> SqliteRowOps::lock_purchase_order(Id id) {
  return load_purchase_order(c_, id);
}

Id SqliteRowOps::insert_purchase_order(const PurchaseOrder& po) { return insert_row(c_, po); }

Id SqliteRowOps::insert_purchase_order_line(const PurchaseOrderLine& line) {
  return insert_row(c_, line);
}

void SqliteRowOps::update_received_quantity(Id purchase_order_line_id, Quantity received) {
  c_.run("UPDATE purchase_order_lines SET received_quantity = ?2 WHERE id = ?1",
         purchase_order_line_id, received);
}

void SqliteRowOps::update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                                std::optional<Timestamp> received_at) {
  c_.run("UPDATE purchase_orders SET status = ?2, received_at = ?3 WHERE id = ?1", id,
         to_string(status), received_at);
}

}  // namespace oiis::sqlite
