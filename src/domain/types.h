// Plain value types of the retail domain. No I/O here; validation lives in validation.h and
// JSON mapping in json.h. Money is in the store's currency as double, quantities are whole units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace oiis {

using Id = std::int64_t;  // 0 = not yet assigned
using Quantity = std::int64_t;

struct Supplier {
  Id id = 0;
  std::string name;
  std::string email;
  double lead_time_mean_days = 7.0;  // mean days from purchase order to receipt
  double lead_time_sd_days = 2.0;    // spread (standard deviation) of that lead time
  Quantity min_order_qty = 1;        // minimum units per purchase order line
  double order_cost = 50.0;          // fixed cost of placing one purchase order
  Timestamp created_at = 0;
};

struct Product {
  Id id = 0;
  std::string sku;  // unique, 1..64 printable characters
  std::string name;
  std::string category;
  std::string brand;
  std::string description;
  std::string attributes_json = "{}";  // free-form JSON object
  double price = 0.0;                  // current list price, > 0
  double cost = 0.0;                   // unit cost, >= 0
  std::optional<Id> supplier_id;
  Quantity pack_size = 1;
  bool active = true;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

struct Customer {
  Id id = 0;
  std::string external_id;  // unique when set (e.g. the source system's customer number)
  std::string name;
  std::string email;
  std::string region;
  Timestamp signup_at = 0;
};

struct Location {
  Id id = 0;
  std::string code;  // unique, e.g. "WH1"
  std::string name;
  std::string kind = "warehouse";  // warehouse | store
};

enum class OrderStatus { kPlaced, kPaid, kShipped, kDelivered, kCancelled, kReturned };
std::string_view to_string(OrderStatus s);
Result<OrderStatus> parse_order_status(std::string_view s);
// Placed -> paid -> shipped -> delivered; cancel before shipping; return after shipping.
bool is_allowed_transition(OrderStatus from, OrderStatus to);

struct OrderLine {
  Id id = 0;
  Id order_id = 0;
  Id product_id = 0;
  std::string sku;  // denormalised for readers; the product id is authoritative
  Quantity quantity = 0;
  double unit_price = 0.0;  // price charged per unit before discount
  double discount = 0.0;    // total discount on the line, in money
  double line_total() const { return static_cast<double>(quantity) * unit_price - discount; }
};

struct Order {
  Id id = 0;
  std::string external_id;         // e.g. an invoice number; unique when set
  std::optional<Id> customer_id;   // empty for guest orders
  Id location_id = 0;              // where stock is taken from
  OrderStatus status = OrderStatus::kPlaced;
  std::string payment_method = "card";  // card | paypal | bank_transfer | cash | gift_card ...
  std::string channel = "web";          // web | store | phone | marketplace ...
  Timestamp placed_at = 0;
  std::optional<Timestamp> fulfilled_at;  // delivered (or shipped) time
  std::vector<OrderLine> lines;
  double total() const {
    double t = 0;
    for (const auto& l : lines) t += l.line_total();
    return t;
  }
};

struct StockLevel {
  Id product_id = 0;
  Id location_id = 0;
  Quantity on_hand = 0;
  Quantity reserved = 0;
  Quantity on_order = 0;
  Timestamp updated_at = 0;
  Quantity available() const { return on_hand - reserved; }
};

enum class MovementType { kReceipt, kSale, kReturn, kAdjustment, kCount, kTransfer };
std::string_view to_string(MovementType t);
Result<MovementType> parse_movement_type(std::string_view s);

struct StockMovement {
  Id id = 0;
  Id product_id = 0;
  Id location_id = 0;
  MovementType type = MovementType::kAdjustment;
  Quantity quantity = 0;  // signed change to on_hand (sale -3, receipt +10, count: the delta found)
  std::string reason;
  std::optional<Id> order_id;
  std::optional<Id> purchase_order_id;
  Timestamp at = 0;
};

struct PriceChange {
  Id id = 0;
  Id product_id = 0;
  double old_price = 0.0;
  double new_price = 0.0;
  std::string reason;  // promotion | markdown | cost_change | correction | ...
  Timestamp at = 0;
};

enum class PurchaseOrderStatus { kDraft, kOrdered, kPartiallyReceived, kReceived, kCancelled };
std::string_view to_string(PurchaseOrderStatus s);
Result<PurchaseOrderStatus> parse_purchase_order_status(std::string_view s);

struct PurchaseOrderLine {
  Id id = 0;
  Id purchase_order_id = 0;
  Id product_id = 0;
  Quantity quantity = 0;
  Quantity received_quantity = 0;
  double unit_cost = 0.0;
};

struct PurchaseOrder {
  Id id = 0;
  Id supplier_id = 0;
  Id location_id = 0;
  PurchaseOrderStatus status = PurchaseOrderStatus::kOrdered;
  Timestamp created_at = 0;
  std::optional<Timestamp> expected_at;
  std::optional<Timestamp> received_at;
  std::vector<PurchaseOrderLine> lines;
};

// One purchase order line with its order's times, flattened for the models (supplier
// scorecards, lead times); built by the inventory snapshot (data/snapshots.h).
struct PurchaseRecord {
  Id purchase_order_id = 0, supplier_id = 0, product_id = 0;
  Timestamp created_at = 0;
  std::optional<Timestamp> expected_at, received_at;
  Quantity ordered = 0, received = 0;
  double unit_cost = 0;
};

// Appended in the same transaction as the change it describes; consumers read by id order.
struct OutboxEvent {
  Id id = 0;
  std::string topic;      // "order.placed", "order.cancelled", "stock.changed", ...
  std::string aggregate;  // "order", "stock", "location", "alert", "purchase_order"
  Id aggregate_id = 0;
  std::string payload_json = "{}";
  Timestamp at = 0;
};

enum class Role { kRead, kWrite, kAdmin };
std::string_view to_string(Role r);
Result<Role> parse_role(std::string_view s);
// admin >= write >= read
inline bool role_allows(Role held, Role needed) {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

struct ApiKey {
  Id id = 0;
  std::string name;
  std::string key_hash;  // SHA-256 hex of the secret; the secret itself is never stored
  Role role = Role::kRead;
  Timestamp created_at = 0;
  bool revoked = false;
};

}  // namespace oiis
