// The PostgreSQL rows the shared business rules work on (store/rules/row_ops.h): prepared
// statements (pg_statements.cpp) inside the operation's pqxx::work. Lives on the stack of one
// transaction attempt.
#pragma once

#include <pqxx/pqxx>

#include "store/rules/row_ops.h"

namespace oiis::pg {

class PgRowOps final : public store_rules::RowOps {
 public:
  explicit PgRowOps(pqxx::work& txn) : txn_(txn) {}

  bool customer_exists(Id id) override;
  bool supplier_exists(Id id) override;
  bool product_exists(Id id) override;
  bool location_exists(Id id) override;
  std::optional<Id> first_location() override;
  std::optional<store_rules::ProductForSale> find_product_for_sale(const std::string& sku) override;

  std::optional<Id> find_order_by_idempotency_key(const std::string& key) override;
  bool external_id_taken(const std::string& external_id) override;
  Result<Order> load_order(Id id, store_rules::RowLock lock) override;
  Id insert_order(const Order& o, const std::string& idempotency_key) override;
  Id insert_order_line(const OrderLine& line) override;
  void update_order_status(Id id, OrderStatus status,
                           std::optional<Timestamp> fulfilled_at) override;

  bool take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) override;
  Quantity available(Id product_id, Id location_id) override;
  void add_stock(Id product_id, Id location_id, Quantity on_hand_delta, Quantity on_order_delta,
                 Timestamp at) override;
  StockLevel lock_stock_level(Id product_id, Id location_id, Timestamp at) override;
  void insert_movement(const StockMovement& m) override;
  void insert_outbox_event(const OutboxEvent& e) override;

  Result<PurchaseOrder> lock_purchase_order(Id id) override;
  Id insert_purchase_order(const PurchaseOrder& po) override;
  Id insert_purchase_order_line(const PurchaseOrderLine& line) override;
  void update_received_quantity(Id purchase_order_line_id, Quantity received) override;
  void update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                    std::optional<Timestamp> received_at) override;

 private:
  // Whether the prepared single-row lookup `statement` finds a row for `id`.
  bool found(const char* statement, Id id);

  pqxx::work& txn_;
};

}  // namespace oiis::pg
