#include "store/postgres/pg_rows.h"

#include <stdexcept>

namespace oiis::pg {
namespace {

// Stored enum text that does not parse means the database was written by something else.
template <typename E>
E parse_or_throw(Result<E> parsed) {
  if (!parsed) throw std::runtime_error("corrupt row: " + parsed.status().message());
  return *parsed;
}

}  // namespace

Supplier read_supplier(const pqxx::row& row) {
  RowReader r(row);
  Supplier s;
  s.id = r.i64();
  s.name = r.str();
  s.email = r.str();
  s.lead_time_mean_days = r.f64();
  s.lead_time_sd_days = r.f64();
  s.min_order_qty = r.i64();
  s.order_cost = r.f64();
  s.created_at = r.i64();
  return s;
}

Product read_product(const pqxx::row& row) {
  RowReader r(row);
  Product p;
  p.id = r.i64();
  p.sku = r.str();
  p.name = r.str();
  p.category = r.str();
  p.brand = r.str();
  p.description = r.str();
  p.attributes_json = r.str();
  p.price = r.f64();
  p.cost = r.f64();
  p.supplier_id = r.opt_i64();
  p.pack_size = r.i64();
  p.active = r.boolean();
  p.created_at = r.i64();
  p.updated_at = r.i64();
  return p;
}

Customer read_customer(const pqxx::row& row) {
  RowReader r(row);
  Customer c;
  c.id = r.i64();
  c.external_id = r.str();
  c.name = r.str();
  c.email = r.str();
  c.region = r.str();
  c.signup_at = r.i64();
  return c;
}

Location read_location(const pqxx::row& row) {
  RowReader r(row);
  Location l;
  l.id = r.i64();
  l.code = r.str();
  l.name = r.str();
  l.kind = r.str();
  return l;
}

Order read_order(const pqxx::row& row) {
  RowReader r(row);
  Order o;
  o.id = r.i64();
  o.external_id = r.str();
  o.customer_id = r.opt_i64();
  o.location_id = r.i64();
  o.status = parse_or_throw(parse_order_status(r.str()));
  o.payment_method = r.str();
  o.channel = r.str();
  o.placed_at = r.i64();
  o.fulfilled_at = r.opt_i64();
  return o;
}

OrderLine read_order_line(const pqxx::row& row) {
  RowReader r(row);
  OrderLine l;
  l.id = r.i64();
  l.order_id = r.i64();
  l.product_id = r.i64();
  l.sku = r.str();
  l.quantity = r.i64();
  l.unit_price = r.f64();
  l.discount = r.f64();
  return l;
}

StockLevel read_stock(const pqxx::row& row) {
  RowReader r(row);
  StockLevel s;
  s.product_id = r.i64();
  s.location_id = r.i64();
  s.on_hand = r.i64();
  s.reserved = r.i64();
  s.on_order = r.i64();
  s.updated_at = r.i64();
  return s;
}

StockMovement read_movement(const pqxx::row& row) {
  RowReader r(row);
  StockMovement m;
  m.id = r.i64();
  m.product_id = r.i64();
  m.location_id = r.i64();
  m.type = parse_or_throw(parse_movement_type(r.str()));
  m.quantity = r.i64();
  m.reason = r.str();
  m.order_id = r.opt_i64();
  m.purchase_order_id = r.opt_i64();
  m.at = r.i64();
  return m;
}

PriceChange read_price_change(const pqxx::row& row) {
  RowReader r(row);
  PriceChange c;
  c.id = r.i64();
  c.product_id = r.i64();
  c.old_price = r.f64();
  c.new_price = r.f64();
  c.reason = r.str();
  c.at = r.i64();
  return c;
}

PurchaseOrder read_purchase_order(const pqxx::row& row) {
  RowReader r(row);
  PurchaseOrder po;
  po.id = r.i64();
  po.supplier_id = r.i64();
  po.location_id = r.i64();
  po.status = parse_or_throw(parse_purchase_order_status(r.str()));
  po.created_at = r.i64();
  po.expected_at = r.opt_i64();
  po.received_at = r.opt_i64();
  return po;
}

PurchaseOrderLine read_po_line(const pqxx::row& row) {
  RowReader r(row);
  PurchaseOrderLine l;
  l.id = r.i64();
  l.purchase_order_id = r.i64();
  l.product_id = r.i64();
  l.quantity = r.i64();
  l.received_quantity = r.i64();
  l.unit_cost = r.f64();
  return l;
}

Id insert_outbox_event(pqxx::work& txn, const OutboxEvent& e) {
  return txn.exec_prepared1("outbox_insert", e.topic, e.aggregate, e.aggregate_id, e.payload_json,
                            e.at)[0]
      .as<Id>();
}

OutboxEvent read_outbox_event(const pqxx::row& row) {
  RowReader r(row);
  OutboxEvent e;
  e.id = r.i64();
  e.topic = r.str();
  e.aggregate = r.str();
  e.aggregate_id = r.i64();
  e.payload_json = r.str();
  e.at = r.i64();
  return e;
}

ApiKey read_api_key(const pqxx::row& row) {
  RowReader r(row);
  ApiKey k;
  k.id = r.i64();
  k.name = r.str();
  k.key_hash = r.str();
  k.role = parse_or_throw(parse_role(r.str()));
  k.created_at = r.i64();
  k.revoked = r.boolean();
  return k;
}

std::string placeholders(int n, int first) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
  return out;
}

}  // namespace oiis::pg
