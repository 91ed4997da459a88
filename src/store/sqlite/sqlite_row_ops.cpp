// SQLite's rows for the shared business rules (store/rules): placing and moving orders,
// adjusting stock and the purchase-order life cycle run through these, on the writer thread
// inside the write's savepoint.
#include "store/rules/row_ops.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {
namespace {

using store_rules::RowLock;

// Lives on the stack of one write. The single writer thread makes every read as good as
// locked, so RowLock asks nothing more of SQLite.
class SqliteRowOps final : public store_rules::RowOps {
 public:
  explicit SqliteRowOps(Connection& c) : c_(c) {}

  bool customer_exists(Id id) override { return exists<Customer>(c_, id); }
  bool supplier_exists(Id id) override { return exists<Supplier>(c_, id); }
  bool product_exists(Id id) override { return exists<Product>(c_, id); }
  bool location_exists(Id id) override { return exists<Location>(c_, id); }
  std::optional<Id> first_location() override { return default_location(c_); }

  std::optional<store_rules::ProductForSale> find_product_for_sale(
      const std::string& sku) override {
    auto s = c_.prepare("SELECT id, price, active FROM products WHERE sku = ?1");
    s->bind(1, sku);
    if (!s->step()) return std::nullopt;
    return store_rules::ProductForSale{s->int64(0), s->real(1), s->int64(2) != 0};
  }

  // A second placement with the same key is queued behind this one by the writer thread.
  std::optional<Id> find_order_by_idempotency_key(const std::string& key) override {
    return c_.query_int(
        "SELECT id FROM orders WHERE idempotency_key = ?1 AND idempotency_key <> ''", key);
  }

  bool external_id_taken(const std::string& external_id) override {
    return c_.query_int("SELECT 1 FROM orders WHERE external_id = ?1 AND external_id <> ''",
                        external_id)
        .has_value();
  }

  Result<Order> load_order(Id id, RowLock) override { return sqlite::load_order(c_, id); }

  Id insert_order(const Order& o, const std::string& idempotency_key) override {
    auto s = c_.prepare(Mapping<Order>::kInsert);
    Mapping<Order>::bind(*s, o);
    s->bind(10, idempotency_key);
    s->run();
    return c_.last_insert_id();
  }

  Id insert_order_line(const OrderLine& line) override { return insert_row(c_, line); }

  void update_order_status(Id id, OrderStatus status,
                           std::optional<Timestamp> fulfilled_at) override {
    c_.run("UPDATE orders SET status = ?2, fulfilled_at = ?3 WHERE id = ?1", id,
           to_string(status), fulfilled_at);
  }

  bool take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) override {
    return c_.run(
               "UPDATE stock_levels SET on_hand = on_hand - ?3, updated_at = ?4 "
               "WHERE product_id = ?1 AND location_id = ?2 AND on_hand - reserved >= ?3",
               product_id, location_id, quantity, at) == 1;
  }

  Quantity available(Id product_id, Id location_id) override {
    return c_
        .query_int("SELECT on_hand - reserved FROM stock_levels WHERE product_id = ?1 AND "
                   "location_id = ?2",
                   product_id, location_id)
        .value_or(0);
  }

  void add_stock(Id product_id, Id location_id, Quantity on_hand_delta, Quantity on_order_delta,
                 Timestamp at) override {
    sqlite::add_stock(c_, product_id, location_id, on_hand_delta, on_order_delta, at);
  }

  StockLevel lock_stock_level(Id product_id, Id location_id, Timestamp at) override {
    sqlite::add_stock(c_, product_id, location_id, 0, 0, at);  // creates a missing level
    return load_stock(c_, product_id, location_id).value();
  }

  void insert_movement(const StockMovement& m) override { insert_row(c_, m); }
  void insert_outbox_event(const OutboxEvent& e) override { insert_row(c_, e); }

  Result<PurchaseOrder> lock_purchase_order(Id id) override {
    return load_purchase_order(c_, id);
  }
  Id insert_purchase_order(const PurchaseOrder& po) override { return insert_row(c_, po); }
  Id insert_purchase_order_line(const PurchaseOrderLine& line) override {
    return insert_row(c_, line);
  }

  void update_received_quantity(Id purchase_order_line_id, Quantity received) override {
    c_.run("UPDATE purchase_order_lines SET received_quantity = ?2 WHERE id = ?1",
           purchase_order_line_id, received);
  }

  void update_line_quantity(Id purchase_order_line_id, Quantity quantity) override {
    c_.run("UPDATE purchase_order_lines SET quantity = ?2 WHERE id = ?1", purchase_order_line_id, quantity);
  }

  void delete_purchase_order_line(Id purchase_order_line_id) override {
    c_.run("DELETE FROM purchase_order_lines WHERE id = ?1", purchase_order_line_id);
  }

  void update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                    std::optional<Timestamp> received_at) override {
    c_.run("UPDATE purchase_orders SET status = ?2, received_at = ?3 WHERE id = ?1", id,
           to_string(status), received_at);
  }

 private:
  Connection& c_;
};

}  // namespace

Status SqliteStore::run_in_transaction(const RowWork& work) {
  return write([&](Connection& c) -> Result<bool> {
    SqliteRowOps rows(c);
    OIIS_RETURN_IF_ERROR(work(rows));
    return true;
  }).status();
}

}  // namespace oiis::sqlite
