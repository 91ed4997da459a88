#include "store/rules/outbox_events.h"

#include <string>

#include <nlohmann/json.hpp>

namespace oiis::store_rules {
namespace {

OutboxEvent event(std::string topic, std::string aggregate, Id aggregate_id,
                  const nlohmann::json& payload, Timestamp at) {
  OutboxEvent e;
  e.topic = std::move(topic);
  e.aggregate = std::move(aggregate);
  e.aggregate_id = aggregate_id;
  e.payload_json = payload.dump();
  e.at = at;
  return e;
}

}  // namespace

OutboxEvent order_placed_event(const Order& o, Timestamp at) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : o.lines)
    lines.push_back({{"line_id", l.id},
                     {"product_id", l.product_id},
                     {"sku", l.sku},
                     {"quantity", l.quantity},
                     {"unit_price", l.unit_price},
                     {"discount", l.discount}});
  nlohmann::json payload = {
      {"order_id", o.id},
      {"customer_id", o.customer_id ? nlohmann::json(*o.customer_id) : nlohmann::json(nullptr)},
      {"location_id", o.location_id},
      {"placed_at", o.placed_at},
      {"total", o.total()},
      {"lines", std::move(lines)}};
  return event("order.placed", "order", o.id, payload, at);
}

OutboxEvent order_status_event(Id order_id, OrderStatus from, OrderStatus to, Timestamp at) {
  nlohmann::json payload = {
      {"order_id", order_id}, {"from", to_string(from)}, {"to", to_string(to)}, {"at", at}};
  return event("order." + std::string(to_string(to)), "order", order_id, payload, at);
}

OutboxEvent stock_adjusted_event(const StockAdjustment& a, Quantity delta, Quantity on_hand,
                                 Timestamp at) {
  nlohmann::json payload = {{"product_id", a.product_id},
                            {"location_id", a.location_id},
                            {"type", to_string(a.type)},
                            {"quantity", delta},
                            {"on_hand", on_hand},
                            {"reason", a.reason}};
  return event("stock.adjusted", "stock", a.product_id, payload, at);
}

OutboxEvent stock_changed_event(Id location_id, const std::vector<StockMovement>& moves,
                                Timestamp at) {
  nlohmann::json changes = nlohmann::json::array();
  nlohmann::json payload = {{"location_id", location_id}};
  for (const auto& m : moves) {
    changes.push_back(
        {{"product_id", m.product_id}, {"type", to_string(m.type)}, {"quantity", m.quantity}});
    if (m.order_id) payload["order_id"] = *m.order_id;
    if (m.purchase_order_id) payload["purchase_order_id"] = *m.purchase_order_id;
  }
  payload["changes"] = std::move(changes);
  return event("stock.changed", "location", location_id, payload, at);
}

OutboxEvent alert_raised_event(Id alert_id, const StoredAlert& a, Timestamp at) {
  nlohmann::json payload = {{"alert_id", alert_id},       {"type", a.type},
                            {"severity", a.severity},     {"record_kind", a.record_kind},
                            {"record_id", a.record_id},   {"record_key", a.record_key},
                            {"occurred_at", a.occurred_at}};
  return event("alert.raised", "alert", alert_id, payload, at);
}

OutboxEvent reorder_suggested_event(const PurchaseOrder& po, Timestamp at) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : po.lines)
    lines.push_back({{"product_id", l.product_id}, {"quantity", l.quantity}});
  nlohmann::json payload = {{"purchase_order_id", po.id},
                            {"supplier_id", po.supplier_id},
                            {"location_id", po.location_id},
                            {"lines", std::move(lines)}};
  return event("reorder.suggested", "purchase_order", po.id, payload, at);
}

OutboxEvent purchase_order_event(std::string_view what, const PurchaseOrder& po, Timestamp at) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : po.lines)
    lines.push_back({{"product_id", l.product_id},
                     {"quantity", l.quantity},
                     {"received_quantity", l.received_quantity}});
  nlohmann::json payload = {{"purchase_order_id", po.id},
                            {"supplier_id", po.supplier_id},
                            {"location_id", po.location_id},
                            {"status", to_string(po.status)},
                            {"lines", std::move(lines)}};
  return event("purchase_order." + std::string(what), "purchase_order", po.id, payload, at);
}

}  // namespace oiis::store_rules
