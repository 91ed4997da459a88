// Row <-> domain mapping for the PostgreSQL backend. Each entity has one column list, one
// reader (in that column order) and one `*_values` tuple (the columns after `id`), shared by
// single-row INSERT/UPDATE statements and the bulk COPY path.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <tuple>

#include "domain/types.h"
#include "store/postgres/pg_support.h"

namespace oiis::pg {

inline constexpr const char* kSupplierCols =
    "id, name, email, lead_time_mean_days, lead_time_sd_days, min_order_qty, order_cost, "
    "created_at";
inline constexpr const char* kProductCols =
    "id, sku, name, category, brand, description, attributes_json, price, cost, supplier_id, "
    "pack_size, active, created_at, updated_at";
inline constexpr const char* kCustomerCols = "id, external_id, name, email, region, signup_at";
inline constexpr const char* kLocationCols = "id, code, name, kind";
inline constexpr const char* kOrderCols =
    "id, external_id, customer_id, location_id, status, payment_method, channel, placed_at, "
    "fulfilled_at";
inline constexpr const char* kOrderLineCols =
    "id, order_id, product_id, sku, quantity, unit_price, discount";
inline constexpr const char* kStockCols =
    "product_id, location_id, on_hand, reserved, on_order, updated_at";
inline constexpr const char* kMovementCols =
    "id, product_id, location_id, type, quantity, reason, order_id, purchase_order_id, at";
inline constexpr const char* kPriceChangeCols = "id, product_id, old_price, new_price, reason, at";
inline constexpr const char* kPurchaseOrderCols =
    "id, supplier_id, location_id, status, created_at, expected_at, received_at";
inline constexpr const char* kPoLineCols =
    "id, purchase_order_id, product_id, quantity, received_quantity, unit_cost";
inline constexpr const char* kOutboxCols = "id, topic, aggregate, aggregate_id, payload_json, at";
inline constexpr const char* kApiKeyCols = "id, name, key_hash, role, created_at, revoked";

Supplier read_supplier(const pqxx::row& row);
Product read_product(const pqxx::row& row);
Customer read_customer(const pqxx::row& row);
Location read_location(const pqxx::row& row);
Order read_order(const pqxx::row& row);  // without lines
OrderLine read_order_line(const pqxx::row& row);
StockLevel read_stock(const pqxx::row& row);
StockMovement read_movement(const pqxx::row& row);
PriceChange read_price_change(const pqxx::row& row);
PurchaseOrder read_purchase_order(const pqxx::row& row);  // without lines
PurchaseOrderLine read_po_line(const pqxx::row& row);
OutboxEvent read_outbox_event(const pqxx::row& row);
// Appends `e` to the outbox in `txn` (prepared statement "outbox_insert"); returns its id.
Id insert_outbox_event(pqxx::work& txn, const OutboxEvent& e);
ApiKey read_api_key(const pqxx::row& row);

// Column values after `id`, in column-list order.
inline auto supplier_values(const Supplier& s) {
  return std::make_tuple(s.name, s.email, s.lead_time_mean_days, s.lead_time_sd_days,
                         s.min_order_qty, s.order_cost, s.created_at);
}
inline auto product_values(const Product& p) {
  return std::make_tuple(p.sku, p.name, p.category, p.brand, p.description, p.attributes_json,
                         p.price, p.cost, p.supplier_id, p.pack_size, p.active, p.created_at,
                         p.updated_at);
}
inline auto customer_values(const Customer& c) {
  return std::make_tuple(c.external_id, c.name, c.email, c.region, c.signup_at);
}
inline auto location_values(const Location& l) {
  return std::make_tuple(l.code, l.name, l.kind);
}
inline auto order_values(const Order& o) {
  return std::make_tuple(o.external_id, o.customer_id, o.location_id,
                         std::string(to_string(o.status)), o.payment_method, o.channel, o.placed_at,
                         o.fulfilled_at);
}
inline auto order_line_values(const OrderLine& l) {
  return std::make_tuple(l.order_id, l.product_id, l.sku, l.quantity, l.unit_price, l.discount);
}
inline auto stock_values(const StockLevel& s) {
  return std::make_tuple(s.product_id, s.location_id, s.on_hand, s.reserved, s.on_order,
                         s.updated_at);
}
inline auto movement_values(const StockMovement& m) {
  return std::make_tuple(m.product_id, m.location_id, std::string(to_string(m.type)), m.quantity,
                         m.reason, m.order_id, m.purchase_order_id, m.at);
}
inline auto price_change_values(const PriceChange& c) {
  return std::make_tuple(c.product_id, c.old_price, c.new_price, c.reason, c.at);
}
inline auto purchase_order_values(const PurchaseOrder& po) {
  return std::make_tuple(po.supplier_id, po.location_id, std::string(to_string(po.status)),
                         po.created_at, po.expected_at, po.received_at);
}
inline auto po_line_values(const PurchaseOrderLine& l) {
  return std::make_tuple(l.purchase_order_id, l.product_id, l.quantity, l.received_quantity,
                         l.unit_cost);
}

// "$1, $2, ..., $n" for an INSERT of `n` values.
std::string placeholders(int n, int first = 1);

}  // namespace oiis::pg
