// The row-level reads and writes a store backend offers the business rules (store_rules.h).
// A backend implements RowOps with its own SQL over the transaction of the operation in hand
// (SQLite: the writer thread's savepoint; PostgreSQL: a pqxx::work), so the rules are written
// once and a new backend is SQL, not a second copy of them. Internal to the store module.
//
// Methods do exactly one thing to rows and decide nothing: no checks, no messages, no
// timestamps of their own (every write carries the time the rule passes). Database failures
// are thrown as the backend's own exceptions, which its transaction wrapper turns into a
// Status; the rules never catch them.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "domain/types.h"

namespace oiis::store_rules {

// What order placement needs of a product: enough to price a line and refuse inactive ones.
struct ProductForSale {
  Id id = 0;
  double price = 0.0;
  bool active = false;
};

enum class RowLock { kNone, kForUpdate };

class RowOps {
 public:
  virtual ~RowOps() = default;

  // --- existence and defaults (the rules name the missing field themselves)
  virtual bool customer_exists(Id id) = 0;
  virtual bool supplier_exists(Id id) = 0;
  virtual bool product_exists(Id id) = 0;
  virtual bool location_exists(Id id) = 0;
  // The location used when a request names none: the lowest id, or none when there is none.
  virtual std::optional<Id> first_location() = 0;
  virtual std::optional<ProductForSale> find_product_for_sale(const std::string& sku) = 0;

  // --- orders
  // The order placed earlier with this (non-empty) key. Placements with the same key must
  // queue behind each other from here to commit (PostgreSQL takes a lock on the key).
  virtual std::optional<Id> find_order_by_idempotency_key(const std::string& key) = 0;
  virtual bool external_id_taken(const std::string& external_id) = 0;
  // The order with its lines (in line id order); kNotFound when absent. kForUpdate locks the
  // order until commit (a status change); a replayed placement only reads it.
  virtual Result<Order> load_order(Id id, RowLock lock) = 0;
  // Inserts write the row as given and return the id the database assigned: the row's own id
  // (and its lines') must be 0.
  virtual Id insert_order(const Order& o, const std::string& idempotency_key) = 0;
  virtual Id insert_order_line(const OrderLine& line) = 0;
  virtual void update_order_status(Id id, OrderStatus status,
                                   std::optional<Timestamp> fulfilled_at) = 0;

  // --- stock levels, movements, outbox
  // Takes `quantity` off on_hand when at least that much is available (on_hand - reserved),
  // in one conditional statement; false (nothing changed) when short or there is no level.
  virtual bool take_stock(Id product_id, Id location_id, Quantity quantity, Timestamp at) = 0;
  // on_hand - reserved, 0 when there is no level.
  virtual Quantity available(Id product_id, Id location_id) = 0;
  // Adds signed deltas to on_hand and on_order (on_order floored at 0), creating the level
  // from zero when missing; sets updated_at = at.
  virtual void add_stock(Id product_id, Id location_id, Quantity on_hand_delta,
                         Quantity on_order_delta, Timestamp at) = 0;
  // The level, created at zero (updated_at = at) when missing, locked until commit. Product and
  // location must exist.
  virtual StockLevel lock_stock_level(Id product_id, Id location_id, Timestamp at) = 0;
  virtual void insert_movement(const StockMovement& m) = 0;
  virtual void insert_outbox_event(const OutboxEvent& e) = 0;

  // --- purchase orders
  // The purchase order with its lines (in line id order), locked until commit; kNotFound.
  virtual Result<PurchaseOrder> lock_purchase_order(Id id) = 0;
  virtual Id insert_purchase_order(const PurchaseOrder& po) = 0;
  virtual Id insert_purchase_order_line(const PurchaseOrderLine& line) = 0;
  virtual void update_received_quantity(Id purchase_order_line_id, Quantity received) = 0;
  virtual void update_line_quantity(Id purchase_order_line_id, Quantity quantity) = 0;
  virtual void delete_purchase_order_line(Id purchase_order_line_id) = 0;
  virtual void update_purchase_order_status(Id id, PurchaseOrderStatus status,
                                            std::optional<Timestamp> received_at) = 0;
};

}  // namespace oiis::store_rules
