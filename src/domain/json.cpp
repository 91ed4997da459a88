#include "domain/json.h"

#include "common/json_reader.h"

namespace oiis {

std::string dump_safe(const Json& body) {
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

Json optional_id(const std::optional<Id>& id) { return id ? Json(*id) : Json(nullptr); }
Json optional_time(const std::optional<Timestamp>& ts) {
  return ts ? Json(format_timestamp(*ts)) : Json(nullptr);
}

// Reads an enum given as its lowercase name.
template <typename E, typename Parse>
void read_enum(JsonObjectReader& r, const char* key, E& out, Parse parse, Status& status) {
  std::string name;
  r.text(key, name);
  if (name.empty() || !status.is_ok()) return;
  auto parsed = parse(name);
  if (parsed)
    out = *parsed;
  else
    status = invalid_argument(parsed.status().message(), r.field(key));
}

void read_optional_id(JsonObjectReader& r, const char* key, std::optional<Id>& out) {
  std::optional<std::int64_t> v;
  r.integer(key, v);
  if (v) out = *v;
}

Status finish(JsonObjectReader& r, const Status& extra) {
  OIIS_RETURN_IF_ERROR(r.status());
  OIIS_RETURN_IF_ERROR(extra);
  return r.finish();
}

}  // namespace

Json to_json(const Supplier& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"email", s.email},
          {"lead_time_mean_days", s.lead_time_mean_days},
          {"lead_time_sd_days", s.lead_time_sd_days},
          {"min_order_qty", s.min_order_qty},
          {"order_cost", s.order_cost},
          {"created_at", format_timestamp(s.created_at)}};
}

Status read_json(const Json& j, Supplier& out) {
  JsonObjectReader r(j);
  r.integer("id", out.id)
      .text("name", out.name)
      .text("email", out.email)
      .number("lead_time_mean_days", out.lead_time_mean_days)
      .number("lead_time_sd_days", out.lead_time_sd_days)
      .integer("min_order_qty", out.min_order_qty)
      .number("order_cost", out.order_cost)
      .timestamp("created_at", out.created_at);
  return r.finish();
}

Json to_json(const Product& p) {
  Json attrs = Json::parse(p.attributes_json, nullptr, false);
  return {{"id", p.id},
          {"sku", p.sku},
          {"name", p.name},
          {"category", p.category},
          {"brand", p.brand},
          {"description", p.description},
          {"attributes", attrs.is_discarded() ? Json::object() : attrs},
          {"price", p.price},
          // 0 is how the store keeps a cost it was never given (an imported sales history):
          // said as null, never as a free product.
          {"cost", p.cost > 0 ? Json(p.cost) : Json(nullptr)},
          {"supplier_id", optional_id(p.supplier_id)},
          {"pack_size", p.pack_size},
          {"active", p.active},
          {"created_at", format_timestamp(p.created_at)},
          {"updated_at", format_timestamp(p.updated_at)}};
}

Status read_json(const Json& j, Product& out) {
  JsonObjectReader r(j);
  r.integer("id", out.id)
      .text("sku", out.sku)
      .text("name", out.name)
      .text("category", out.category)
      .text("brand", out.brand)
      .text("description", out.description)
      .object_text("attributes", out.attributes_json)
      .number("price", out.price)
      .number("cost", out.cost)
      .integer("pack_size", out.pack_size)
      .boolean("active", out.active)
      .timestamp("created_at", out.created_at)
      .timestamp("updated_at", out.updated_at);
  if (r.has("supplier_id"))
    read_optional_id(r, "supplier_id", out.supplier_id);
  else if (j.is_object() && j.contains("supplier_id"))  // explicit null clears it
    out.supplier_id.reset();
  r.known("supplier_id");
  return r.finish();
}

Json to_json(const Customer& c) {
  return {{"id", c.id},           {"external_id", c.external_id}, {"name", c.name},
          {"email", c.email},     {"region", c.region},
          {"signup_at", format_timestamp(c.signup_at)}};
}

Status read_json(const Json& j, Customer& out) {
  JsonObjectReader r(j);
  r.integer("id", out.id)
      .text("external_id", out.external_id)
      .text("name", out.name)
      .text("email", out.email)
      .text("region", out.region)
      .timestamp("signup_at", out.signup_at);
  return r.finish();
}

Json to_json(const Location& l) {
  return {{"id", l.id}, {"code", l.code}, {"name", l.name}, {"kind", l.kind}};
}

Status read_json(const Json& j, Location& out) {
  JsonObjectReader r(j);
  r.integer("id", out.id).text("code", out.code).text("name", out.name).text("kind", out.kind);
  return r.finish();
}

Json to_json(const OrderLine& l) {
  return {{"id", l.id},
          {"product_id", l.product_id},
          {"sku", l.sku},
          {"quantity", l.quantity},
          {"unit_price", l.unit_price},
          {"discount", l.discount},
          {"line_total", l.line_total()}};
}

Json to_json(const Order& o) {
  Json lines = Json::array();
  for (const auto& l : o.lines) lines.push_back(to_json(l));
  return {{"id", o.id},
          {"external_id", o.external_id},
          {"customer_id", optional_id(o.customer_id)},
          {"location_id", o.location_id},
          {"status", to_string(o.status)},
          {"payment_method", o.payment_method},
          {"channel", o.channel},
          {"placed_at", format_timestamp(o.placed_at)},
          {"fulfilled_at", optional_time(o.fulfilled_at)},
          {"total", o.total()},
          {"lines", lines}};
}

Status read_json(const Json& j, Order& out) {
  JsonObjectReader r(j);
  Status extra;
  r.integer("id", out.id)
      .text("external_id", out.external_id)
      .integer("location_id", out.location_id)
      .text("payment_method", out.payment_method)
      .text("channel", out.channel)
      .timestamp("placed_at", out.placed_at)
      .timestamp("fulfilled_at", out.fulfilled_at)
      .known("total");
  read_optional_id(r, "customer_id", out.customer_id);
  read_enum(r, "status", out.status, parse_order_status, extra);
  const Json* lines = r.get("lines");
  if (lines && !lines->is_array() && extra.is_ok())
    extra = invalid_argument("lines must be an array", "lines");
  if (lines && lines->is_array()) {
    out.lines.clear();
    for (size_t i = 0; i < lines->size() && extra.is_ok(); ++i) {
      JsonObjectReader lr((*lines)[i], "lines[" + std::to_string(i) + "].");
      OrderLine line;
      lr.integer("id", line.id)
          .integer("product_id", line.product_id)
          .text("sku", line.sku)
          .integer("quantity", line.quantity, true)
          .number("unit_price", line.unit_price)
          .number("discount", line.discount)
          .known("line_total");
      extra = lr.finish();
      out.lines.push_back(std::move(line));
    }
  }
  return finish(r, extra);
}

Json to_json(const StockLevel& s) {
  return {{"product_id", s.product_id},   {"location_id", s.location_id},
          {"on_hand", s.on_hand},         {"reserved", s.reserved},
          {"on_order", s.on_order},       {"available", s.available()},
          {"updated_at", format_timestamp(s.updated_at)}};
}

Status read_json(const Json& j, StockLevel& out) {
  JsonObjectReader r(j);
  r.integer("product_id", out.product_id, true)
      .integer("location_id", out.location_id, true)
      .integer("on_hand", out.on_hand)
      .integer("reserved", out.reserved)
      .integer("on_order", out.on_order)
      .timestamp("updated_at", out.updated_at)
      .known("available");
  return r.finish();
}

Json to_json(const StockMovement& m) {
  return {{"id", m.id},
          {"product_id", m.product_id},
          {"location_id", m.location_id},
          {"type", to_string(m.type)},
          {"quantity", m.quantity},
          {"reason", m.reason},
          {"order_id", optional_id(m.order_id)},
          {"purchase_order_id", optional_id(m.purchase_order_id)},
          {"at", format_timestamp(m.at)}};
}

Status read_json(const Json& j, StockMovement& out) {
  JsonObjectReader r(j);
  Status extra;
  r.integer("id", out.id)
      .integer("product_id", out.product_id, true)
      .integer("location_id", out.location_id, true)
      .integer("quantity", out.quantity, true)
      .text("reason", out.reason)
      .timestamp("at", out.at);
  read_enum(r, "type", out.type, parse_movement_type, extra);
  read_optional_id(r, "order_id", out.order_id);
  read_optional_id(r, "purchase_order_id", out.purchase_order_id);
  return finish(r, extra);
}

Json to_json(const PriceChange& c) {
  return {{"id", c.id},
          {"product_id", c.product_id},
          {"old_price", c.old_price},
          {"new_price", c.new_price},
          {"reason", c.reason},
          {"at", format_timestamp(c.at)}};
}

Status read_json(const Json& j, PriceChange& out) {
  JsonObjectReader r(j);
  r.integer("id", out.id)
      .integer("product_id", out.product_id, true)
      .number("old_price", out.old_price)
      .number("new_price", out.new_price, true)
      .text("reason", out.reason)
      .timestamp("at", out.at);
  return r.finish();
}

Json to_json(const PurchaseOrder& po) {
  Json lines = Json::array();
  for (const auto& l : po.lines)
    lines.push_back({{"id", l.id},
                     {"product_id", l.product_id},
                     {"quantity", l.quantity},
                     {"received_quantity", l.received_quantity},
                     {"unit_cost", l.unit_cost}});
  return {{"id", po.id},
          {"supplier_id", po.supplier_id},
          {"location_id", po.location_id},
          {"status", to_string(po.status)},
          {"created_at", format_timestamp(po.created_at)},
          {"expected_at", optional_time(po.expected_at)},
          {"received_at", optional_time(po.received_at)},
          {"lines", lines}};
}

Status read_json(const Json& j, PurchaseOrder& out) {
  JsonObjectReader r(j);
  Status extra;
  r.integer("id", out.id)
      .integer("supplier_id", out.supplier_id, true)
      .integer("location_id", out.location_id)
      .timestamp("created_at", out.created_at)
      .timestamp("expected_at", out.expected_at)
      .timestamp("received_at", out.received_at);
  read_enum(r, "status", out.status, parse_purchase_order_status, extra);
  const Json* lines = r.get("lines");
  if (lines && lines->is_array()) {
    out.lines.clear();
    for (size_t i = 0; i < lines->size() && extra.is_ok(); ++i) {
      JsonObjectReader lr((*lines)[i], "lines[" + std::to_string(i) + "].");
      PurchaseOrderLine line;
      lr.integer("id", line.id)
          .integer("product_id", line.product_id, true)
          .integer("quantity", line.quantity, true)
          .integer("received_quantity", line.received_quantity)
          .number("unit_cost", line.unit_cost);
      extra = lr.finish();
      out.lines.push_back(line);
    }
  } else if (lines && extra.is_ok()) {
    extra = invalid_argument("lines must be an array", "lines");
  }
  return finish(r, extra);
}

Json to_json(const OutboxEvent& e) {
  Json payload = Json::parse(e.payload_json, nullptr, false);
  return {{"id", e.id},
          {"topic", e.topic},
          {"aggregate", e.aggregate},
          {"aggregate_id", e.aggregate_id},
          {"payload", payload.is_discarded() ? Json(e.payload_json) : payload},
          {"at", format_timestamp(e.at)}};
}

}  // namespace oiis
