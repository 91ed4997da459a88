#include "store/sqlite/row_mapping.h"

#include <string>

namespace oiis::sqlite {
namespace {

// Enum columns hold the names from domain/types.h; anything else means a corrupt row.
template <typename E>
E enum_or_throw(Result<E> parsed, const std::string& text) {
  if (!parsed) throw SqliteError(SQLITE_CORRUPT, "unexpected enum value '" + text + "'");
  return *parsed;
}

}  // namespace

void bind_id(Statement& s, Id id) {
  if (id == 0)
    s.bind(1, nullptr);
  else
    s.bind(1, id);
}

void Mapping<Supplier>::bind(Statement& s, const Supplier& v) {
  bind_id(s, v.id);
  s.bind(2, v.name);
  s.bind(3, v.email);
  s.bind(4, v.lead_time_mean_days);
  s.bind(5, v.lead_time_sd_days);
  s.bind(6, v.min_order_qty);
  s.bind(7, v.order_cost);
  s.bind(8, v.created_at);
}

Supplier Mapping<Supplier>::read(const Statement& s, int c) {
  Supplier v;
  v.id = s.int64(c);
  v.name = s.text(c + 1);
  v.email = s.text(c + 2);
  v.lead_time_mean_days = s.real(c + 3);
  v.lead_time_sd_days = s.real(c + 4);
  v.min_order_qty = s.int64(c + 5);
  v.order_cost = s.real(c + 6);
  v.created_at = s.int64(c + 7);
  return v;
}

void Mapping<Product>::bind(Statement& s, const Product& v) {
  bind_id(s, v.id);
  s.bind(2, v.sku);
  s.bind(3, v.name);
  s.bind(4, v.category);
  s.bind(5, v.brand);
  s.bind(6, v.description);
  s.bind(7, v.attributes_json);
  s.bind(8, v.price);
  s.bind(9, v.cost);
  s.bind(10, v.supplier_id);
  s.bind(11, v.pack_size);
  s.bind(12, v.active);
  s.bind(13, v.created_at);
  s.bind(14, v.updated_at);
}

Product Mapping<Product>::read(const Statement& s, int c) {
  Product v;
  v.id = s.int64(c);
  v.sku = s.text(c + 1);
  v.name = s.text(c + 2);
  v.category = s.text(c + 3);
  v.brand = s.text(c + 4);
  v.description = s.text(c + 5);
  v.attributes_json = s.text(c + 6);
  v.price = s.real(c + 7);
  v.cost = s.real(c + 8);
  v.supplier_id = s.optional_int64(c + 9);
  v.pack_size = s.int64(c + 10);
  v.active = s.int64(c + 11) != 0;
  v.created_at = s.int64(c + 12);
  v.updated_at = s.int64(c + 13);
  return v;
}

void Mapping<Customer>::bind(Statement& s, const Customer& v) {
  bind_id(s, v.id);
  s.bind(2, v.external_id);
  s.bind(3, v.name);
  s.bind(4, v.email);
  s.bind(5, v.region);
  s.bind(6, v.signup_at);
}

Customer Mapping<Customer>::read(const Statement& s, int c) {
  Customer v;
  v.id = s.int64(c);
  v.external_id = s.text(c + 1);
  v.name = s.text(c + 2);
  v.email = s.text(c + 3);
  v.region = s.text(c + 4);
  v.signup_at = s.int64(c + 5);
  return v;
}

void Mapping<Location>::bind(Statement& s, const Location& v) {
  bind_id(s, v.id);
  s.bind(2, v.code);
  s.bind(3, v.name);
  s.bind(4, v.kind);
}

Location Mapping<Location>::read(const Statement& s, int c) {
  Location v;
  v.id = s.int64(c);
  v.code = s.text(c + 1);
  v.name = s.text(c + 2);
  v.kind = s.text(c + 3);
  return v;
}

void Mapping<Order>::bind(Statement& s, const Order& v) {
  bind_id(s, v.id);
  s.bind(2, v.external_id);
  s.bind(3, v.customer_id);
  s.bind(4, v.location_id);
  s.bind(5, to_string(v.status));
  s.bind(6, v.payment_method);
  s.bind(7, v.channel);
  s.bind(8, v.placed_at);
  s.bind(9, v.fulfilled_at);
}

Order Mapping<Order>::read(const Statement& s, int c) {
  Order v;
  v.id = s.int64(c);
  v.external_id = s.text(c + 1);
  v.customer_id = s.optional_int64(c + 2);
  v.location_id = s.int64(c + 3);
  std::string status = s.text(c + 4);
  v.status = enum_or_throw(parse_order_status(status), status);
  v.payment_method = s.text(c + 5);
  v.channel = s.text(c + 6);
  v.placed_at = s.int64(c + 7);
  v.fulfilled_at = s.optional_int64(c + 8);
  return v;
}

void Mapping<OrderLine>::bind(Statement& s, const OrderLine& v) {
  bind_id(s, v.id);
  s.bind(2, v.order_id);
  s.bind(3, v.product_id);
  s.bind(4, v.sku);
  s.bind(5, v.quantity);
  s.bind(6, v.unit_price);
  s.bind(7, v.discount);
}

OrderLine Mapping<OrderLine>::read(const Statement& s, int c) {
  OrderLine v;
  v.id = s.int64(c);
  v.order_id = s.int64(c + 1);
  v.product_id = s.int64(c + 2);
  v.sku = s.text(c + 3);
  v.quantity = s.int64(c + 4);
  v.unit_price = s.real(c + 5);
  v.discount = s.real(c + 6);
  return v;
}

void Mapping<StockLevel>::bind(Statement& s, const StockLevel& v) {
  s.bind(1, v.product_id);
  s.bind(2, v.location_id);
  s.bind(3, v.on_hand);
  s.bind(4, v.reserved);
  s.bind(5, v.on_order);
  s.bind(6, v.updated_at);
}

StockLevel Mapping<StockLevel>::read(const Statement& s, int c) {
  StockLevel v;
  v.product_id = s.int64(c);
  v.location_id = s.int64(c + 1);
  v.on_hand = s.int64(c + 2);
  v.reserved = s.int64(c + 3);
  v.on_order = s.int64(c + 4);
  v.updated_at = s.int64(c + 5);
  return v;
}

void Mapping<StockMovement>::bind(Statement& s, const StockMovement& v) {
  bind_id(s, v.id);
  s.bind(2, v.product_id);
  s.bind(3, v.location_id);
  s.bind(4, to_string(v.type));
  s.bind(5, v.quantity);
  s.bind(6, v.reason);
  s.bind(7, v.order_id);
  s.bind(8, v.purchase_order_id);
  s.bind(9, v.at);
}

StockMovement Mapping<StockMovement>::read(const Statement& s, int c) {
  StockMovement v;
  v.id = s.int64(c);
  v.product_id = s.int64(c + 1);
  v.location_id = s.int64(c + 2);
  std::string type = s.text(c + 3);
  v.type = enum_or_throw(parse_movement_type(type), type);
  v.quantity = s.int64(c + 4);
  v.reason = s.text(c + 5);
  v.order_id = s.optional_int64(c + 6);
  v.purchase_order_id = s.optional_int64(c + 7);
  v.at = s.int64(c + 8);
  return v;
}

void Mapping<PriceChange>::bind(Statement& s, const PriceChange& v) {
  bind_id(s, v.id);
  s.bind(2, v.product_id);
  s.bind(3, v.old_price);
  s.bind(4, v.new_price);
  s.bind(5, v.reason);
  s.bind(6, v.at);
}

PriceChange Mapping<PriceChange>::read(const Statement& s, int c) {
  PriceChange v;
  v.id = s.int64(c);
  v.product_id = s.int64(c + 1);
  v.old_price = s.real(c + 2);
  v.new_price = s.real(c + 3);
  v.reason = s.text(c + 4);
  v.at = s.int64(c + 5);
  return v;
}

void Mapping<PurchaseOrder>::bind(Statement& s, const PurchaseOrder& v) {
  bind_id(s, v.id);
  s.bind(2, v.supplier_id);
  s.bind(3, v.location_id);
  s.bind(4, to_string(v.status));
  s.bind(5, v.created_at);
  s.bind(6, v.expected_at);
  s.bind(7, v.received_at);
}

PurchaseOrder Mapping<PurchaseOrder>::read(const Statement& s, int c) {
  PurchaseOrder v;
  v.id = s.int64(c);
  v.supplier_id = s.int64(c + 1);
  v.location_id = s.int64(c + 2);
  std::string status = s.text(c + 3);
  v.status = enum_or_throw(parse_purchase_order_status(status), status);
  v.created_at = s.int64(c + 4);
  v.expected_at = s.optional_int64(c + 5);
  v.received_at = s.optional_int64(c + 6);
  return v;
}

void Mapping<PurchaseOrderLine>::bind(Statement& s, const PurchaseOrderLine& v) {
  bind_id(s, v.id);
  s.bind(2, v.purchase_order_id);
  s.bind(3, v.product_id);
  s.bind(4, v.quantity);
  s.bind(5, v.received_quantity);
  s.bind(6, v.unit_cost);
}

PurchaseOrderLine Mapping<PurchaseOrderLine>::read(const Statement& s, int c) {
  PurchaseOrderLine v;
  v.id = s.int64(c);
  v.purchase_order_id = s.int64(c + 1);
  v.product_id = s.int64(c + 2);
  v.quantity = s.int64(c + 3);
  v.received_quantity = s.int64(c + 4);
  v.unit_cost = s.real(c + 5);
  return v;
}

void Mapping<OutboxEvent>::bind(Statement& s, const OutboxEvent& v) {
  bind_id(s, v.id);
  s.bind(2, v.topic);
  s.bind(3, v.aggregate);
  s.bind(4, v.aggregate_id);
  s.bind(5, v.payload_json);
  s.bind(6, v.at);
}

OutboxEvent Mapping<OutboxEvent>::read(const Statement& s, int c) {
  OutboxEvent v;
  v.id = s.int64(c);
  v.topic = s.text(c + 1);
  v.aggregate = s.text(c + 2);
  v.aggregate_id = s.int64(c + 3);
  v.payload_json = s.text(c + 4);
  v.at = s.int64(c + 5);
  return v;
}

void Mapping<ApiKey>::bind(Statement& s, const ApiKey& v) {
  bind_id(s, v.id);
  s.bind(2, v.name);
  s.bind(3, v.key_hash);
  s.bind(4, to_string(v.role));
  s.bind(5, v.created_at);
  s.bind(6, v.revoked);
}

ApiKey Mapping<ApiKey>::read(const Statement& s, int c) {
  ApiKey v;
  v.id = s.int64(c);
  v.name = s.text(c + 1);
  v.key_hash = s.text(c + 2);
  std::string role = s.text(c + 3);
  v.role = enum_or_throw(parse_role(role), role);
  v.created_at = s.int64(c + 4);
  v.revoked = s.int64(c + 5) != 0;
  return v;
}

}  // namespace oiis::sqlite
