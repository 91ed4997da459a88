// Row <-> struct mapping for every table, in one place, shared by the store and the bulk
// writer. Mapping<T> knows T's table and noun, its column list (id first), an INSERT whose ?1 is
// the id (NULL = assign one), and how to bind a value to / read a value from a statement.
#pragma once

#include <string_view>

#include "domain/types.h"
#include "store/sqlite/sqlite_connection.h"

namespace oiis::sqlite {

template <typename T>
struct Mapping;

// Binds ?1 as the id, or NULL (SQLite assigns the next) when the id is 0.
void bind_id(Statement& s, Id id);

template <>
struct Mapping<Supplier> {
  static constexpr std::string_view kTable = "suppliers";
  static constexpr std::string_view kNoun = "supplier";  // for messages
  static constexpr std::string_view kColumns =
      "id, name, email, lead_time_mean_days, lead_time_sd_days, min_order_qty, order_cost, "
      "created_at";
  static constexpr std::string_view kInsert =
      "INSERT INTO suppliers (id, name, email, lead_time_mean_days, lead_time_sd_days, "
      "min_order_qty, order_cost, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  static constexpr std::string_view kUpdate =
      "UPDATE suppliers SET name = ?2, email = ?3, lead_time_mean_days = ?4, "
      "lead_time_sd_days = ?5, min_order_qty = ?6, order_cost = ?7 WHERE id = ?1";
  static void bind(Statement& s, const Supplier& v);
  static Supplier read(const Statement& s, int col = 0);
};

template <>
struct Mapping<Product> {
  static constexpr std::string_view kTable = "products";
  static constexpr std::string_view kNoun = "product";  // for messages
  static constexpr std::string_view kColumns =
      "id, sku, name, category, brand, description, attributes_json, price, cost, supplier_id, "
      "pack_size, active, created_at, updated_at";
  static constexpr std::string_view kInsert =
      "INSERT INTO products (id, sku, name, category, brand, description, attributes_json, "
      "price, cost, supplier_id, pack_size, active, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
  // sku and created_at never change.
  static constexpr std::string_view kUpdate =
      "UPDATE products SET name = ?3, category = ?4, brand = ?5, description = ?6, "
      "attributes_json = ?7, price = ?8, cost = ?9, supplier_id = ?10, pack_size = ?11, "
      "active = ?12, updated_at = ?14 WHERE id = ?1";
  static void bind(Statement& s, const Product& v);
  static Product read(const Statement& s, int col = 0);
};

template <>
struct Mapping<Customer> {
  static constexpr std::string_view kTable = "customers";
  static constexpr std::string_view kNoun = "customer";  // for messages
  static constexpr std::string_view kColumns = "id, external_id, name, email, region, signup_at";
  static constexpr std::string_view kInsert =
      "INSERT INTO customers (id, external_id, name, email, region, signup_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static constexpr std::string_view kUpdate =
      "UPDATE customers SET external_id = ?2, name = ?3, email = ?4, region = ?5, "
      "signup_at = ?6 WHERE id = ?1";
  static void bind(Statement& s, const Customer& v);
  static Customer read(const Statement& s, int col = 0);
};

template <>
struct Mapping<Location> {
  static constexpr std::string_view kTable = "locations";
  static constexpr std::string_view kNoun = "location";  // for messages
  static constexpr std::string_view kColumns = "id, code, name, kind";
  static constexpr std::string_view kInsert =
      "INSERT INTO locations (id, code, name, kind) VALUES (?1, ?2, ?3, ?4)";
  static constexpr std::string_view kUpdate =
      "UPDATE locations SET code = ?2, name = ?3, kind = ?4 WHERE id = ?1";
  static void bind(Statement& s, const Location& v);
  static Location read(const Statement& s, int col = 0);
};

// Orders carry their idempotency key only in the table: kInsert takes it as ?10, bound by
// the caller when there is one ('' otherwise). Lines are separate rows (Mapping<OrderLine>).
template <>
struct Mapping<Order> {
  static constexpr std::string_view kTable = "orders";
  static constexpr std::string_view kNoun = "order";  // for messages
  static constexpr std::string_view kColumns =
      "id, external_id, customer_id, location_id, status, payment_method, channel, placed_at, "
      "fulfilled_at";
  static constexpr int kColumnCount = 9;
  static constexpr std::string_view kInsert =
      "INSERT INTO orders (id, external_id, customer_id, location_id, status, payment_method, "
      "channel, placed_at, fulfilled_at, idempotency_key) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, coalesce(?10, ''))";
  static void bind(Statement& s, const Order& v);
  static Order read(const Statement& s, int col = 0);
};

template <>
struct Mapping<OrderLine> {
  static constexpr std::string_view kTable = "order_lines";
  static constexpr std::string_view kNoun = "order line";  // for messages
  static constexpr std::string_view kColumns =
      "id, order_id, product_id, sku, quantity, unit_price, discount";
  static constexpr std::string_view kInsert =
      "INSERT INTO order_lines (id, order_id, product_id, sku, quantity, unit_price, discount) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  static void bind(Statement& s, const OrderLine& v);
  static OrderLine read(const Statement& s, int col = 0);
};

template <>
struct Mapping<StockLevel> {
  static constexpr std::string_view kTable = "stock_levels";
  static constexpr std::string_view kNoun = "stock level";  // for messages
  static constexpr std::string_view kColumns =
      "product_id, location_id, on_hand, reserved, on_order, updated_at";
  // Insert or replace the level for (product_id, location_id).
  static constexpr std::string_view kUpsert =
      "INSERT INTO stock_levels (product_id, location_id, on_hand, reserved, on_order, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (product_id, location_id) DO "
      "UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved, "
      "on_order = excluded.on_order, updated_at = excluded.updated_at";
  static void bind(Statement& s, const StockLevel& v);
  static StockLevel read(const Statement& s, int col = 0);
};

template <>
struct Mapping<StockMovement> {
  static constexpr std::string_view kTable = "stock_movements";
  static constexpr std::string_view kNoun = "stock movement";  // for messages
  static constexpr std::string_view kColumns =
      "id, product_id, location_id, type, quantity, reason, order_id, purchase_order_id, at";
  static constexpr std::string_view kInsert =
      "INSERT INTO stock_movements (id, product_id, location_id, type, quantity, reason, "
      "order_id, purchase_order_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  static void bind(Statement& s, const StockMovement& v);
  static StockMovement read(const Statement& s, int col = 0);
};

template <>
struct Mapping<PriceChange> {
  static constexpr std::string_view kTable = "price_changes";
  static constexpr std::string_view kNoun = "price change";  // for messages
  static constexpr std::string_view kColumns = "id, product_id, old_price, new_price, reason, at";
  static constexpr std::string_view kInsert =
      "INSERT INTO price_changes (id, product_id, old_price, new_price, reason, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static void bind(Statement& s, const PriceChange& v);
  static PriceChange read(const Statement& s, int col = 0);
};

template <>
struct Mapping<PurchaseOrder> {
  static constexpr std::string_view kTable = "purchase_orders";
  static constexpr std::string_view kNoun = "purchase order";  // for messages
  static constexpr std::string_view kColumns =
      "id, supplier_id, location_id, status, created_at, expected_at, received_at";
  static constexpr std::string_view kInsert =
      "INSERT INTO purchase_orders (id, supplier_id, location_id, status, created_at, "
      "expected_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  static void bind(Statement& s, const PurchaseOrder& v);
  static PurchaseOrder read(const Statement& s, int col = 0);
};

template <>
struct Mapping<PurchaseOrderLine> {
  static constexpr std::string_view kTable = "purchase_order_lines";
  static constexpr std::string_view kNoun = "purchase order line";  // for messages
  static constexpr std::string_view kColumns =
      "id, purchase_order_id, product_id, quantity, received_quantity, unit_cost";
  static constexpr std::string_view kInsert =
      "INSERT INTO purchase_order_lines (id, purchase_order_id, product_id, quantity, "
      "received_quantity, unit_cost) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static void bind(Statement& s, const PurchaseOrderLine& v);
  static PurchaseOrderLine read(const Statement& s, int col = 0);
};

template <>
struct Mapping<OutboxEvent> {
  static constexpr std::string_view kTable = "outbox_events";
  static constexpr std::string_view kNoun = "outbox event";  // for messages
  static constexpr std::string_view kColumns =
      "id, topic, aggregate, aggregate_id, payload_json, at";
  static constexpr std::string_view kInsert =
      "INSERT INTO outbox_events (id, topic, aggregate, aggregate_id, payload_json, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static void bind(Statement& s, const OutboxEvent& v);
  static OutboxEvent read(const Statement& s, int col = 0);
};

template <>
struct Mapping<ApiKey> {
  static constexpr std::string_view kTable = "api_keys";
  static constexpr std::string_view kNoun = "API key";  // for messages
  static constexpr std::string_view kColumns = "id, name, key_hash, role, created_at, revoked";
  static constexpr std::string_view kInsert =
      "INSERT INTO api_keys (id, name, key_hash, role, created_at, revoked) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static void bind(Statement& s, const ApiKey& v);
  static ApiKey read(const Statement& s, int col = 0);
};

// Inserts `v` (keeping a non-zero id) and returns its id.
template <typename T>
Id insert_row(Connection& c, const T& v) {
  auto s = c.prepare(Mapping<T>::kInsert);
  Mapping<T>::bind(*s, v);
  s->run();
  return c.last_insert_id();
}

}  // namespace oiis::sqlite
