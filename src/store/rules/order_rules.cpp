// Order placement and the order life cycle, for every backend (see store_rules.h).
#include <algorithm>
#include <numeric>

#include "store/request_checks.h"
#include "store/rules/outbox_events.h"
#include "store/rules/rule_support.h"
#include "store/rules/store_rules.h"

namespace oiis::store_rules {
namespace {

using store_checks::line_field;

// Tolerance for comparing money computed in floating point (discount <= qty * price).
constexpr double kMoneyEpsilon = 1e-9;

// Resolves a request line to an order line priced and checked against the catalogue.
Result<OrderLine> price_line(RowOps& rows, const OrderRequestLine& in, size_t i) {
  auto product = rows.find_product_for_sale(in.sku);
  if (!product) return not_found("unknown sku '" + in.sku + "'", line_field(i, "sku"));
  if (!product->active)
    return invalid_argument("product '" + in.sku + "' is not active", line_field(i, "sku"));
  OrderLine line;
  line.product_id = product->id;
  line.sku = in.sku;
  line.quantity = in.quantity;
  line.unit_price = in.unit_price.value_or(product->price);
  line.discount = in.discount;
  if (line.discount > static_cast<double>(line.quantity) * line.unit_price + kMoneyEpsilon)
    return invalid_argument("discount exceeds the line amount", line_field(i, "discount"));
  return line;
}

// The order the request describes, checked against customers, locations, earlier external
// ids and the catalogue; nothing is written yet.
Result<Order> new_order(RowOps& rows, const OrderRequest& r, Timestamp placed_at) {
  if (r.customer_id && !rows.customer_exists(*r.customer_id))
    return missing("customer", *r.customer_id, "customer_id");
  auto location = resolve_location(rows, r.location_id);
  if (!location) return location.status();
  if (!r.external_id.empty() && rows.external_id_taken(r.external_id))
    return already_exists("an order with external_id '" + r.external_id + "' already exists",
                          "external_id");
  Order order;
  order.external_id = r.external_id;
  order.customer_id = r.customer_id;
  order.location_id = *location;
  order.payment_method = r.payment_method;
  order.channel = r.channel;
  order.placed_at = placed_at;
  order.lines.reserve(r.lines.size());
  for (size_t i = 0; i < r.lines.size(); ++i) {
    auto line = price_line(rows, r.lines[i], i);
    if (!line) return line.status();
    order.lines.push_back(std::move(*line));
  }
  return order;
}

Status short_stock(RowOps& rows, const OrderLine& line, Id location_id, size_t line_index) {
  Quantity available = std::max<Quantity>(rows.available(line.product_id, location_id), 0);
  return conflict("insufficient stock for sku '" + line.sku + "': requested " +
                      std::to_string(line.quantity) + ", available " + std::to_string(available),
                  line_field(line_index, "quantity"));
}

// Takes every line's units, or fails naming the first short line met. Lines are taken in
// product-id order: a backend that locks level rows as it goes (PostgreSQL) then always locks
// them in one global order, so two orders over the same products cannot deadlock.
Status take_stock(RowOps& rows, const Order& order, bool allow_backorders, Timestamp at) {
  std::vector<size_t> by_product(order.lines.size());
  std::iota(by_product.begin(), by_product.end(), 0);
  std::stable_sort(by_product.begin(), by_product.end(), [&](size_t a, size_t b) {
    return order.lines[a].product_id < order.lines[b].product_id;
  });
  for (size_t i : by_product) {
    const OrderLine& line = order.lines[i];
    if (allow_backorders) {
      rows.add_stock(line.product_id, order.location_id, -line.quantity, 0, at);
    } else if (!rows.take_stock(line.product_id, order.location_id, line.quantity, at)) {
      return short_stock(rows, line, order.location_id, i);
    }
  }
  return Status::ok();
}

// Books one line's movement; returns it for the write's stock.changed event.
StockMovement record_movement(RowOps& rows, const Order& order, const OrderLine& line,
                              MovementType type, Quantity quantity, const char* reason,
                              Timestamp at) {
  StockMovement m{0, line.product_id, order.location_id, type, quantity, reason, order.id,
                  std::nullopt, at};
  rows.insert_movement(m);
  return m;
}

Result<PlacedOrder> place_new_order(RowOps& rows, const OrderRequest& r, bool allow_backorders) {
  const Timestamp at = operation_time(r.placed_at);
  auto order = new_order(rows, r, at);
  if (!order) return order.status();
  OIIS_RETURN_IF_ERROR(take_stock(rows, *order, allow_backorders, at));
  order->id = rows.insert_order(*order, r.idempotency_key);
  // The sales' movements get no stock.changed event: order.placed carries every line.
  for (auto& line : order->lines) {
    line.order_id = order->id;
    line.id = rows.insert_order_line(line);
    record_movement(rows, *order, line, MovementType::kSale, -line.quantity, "order", at);
  }
  rows.insert_outbox_event(order_placed_event(*order, at));
  return PlacedOrder{std::move(*order), false};
}

}  // namespace

Result<PlacedOrder> place_order(RowOps& rows, const OrderRequest& r, const StoreOptions& options) {
  if (!r.idempotency_key.empty()) {
    if (auto earlier = rows.find_order_by_idempotency_key(r.idempotency_key)) {
      auto order = rows.load_order(*earlier, RowLock::kNone);
      if (!order) return order.status();
      return PlacedOrder{std::move(*order), true};
    }
  }
  return place_new_order(rows, r, options.allow_backorders);
}

Result<Order> set_order_status(RowOps& rows, Id id, OrderStatus to, std::optional<Timestamp> at) {
  auto order = rows.load_order(id, RowLock::kForUpdate);
  if (!order) return order.status();
  const OrderStatus from = order->status;
  if (!is_allowed_transition(from, to))
    return failed_precondition("cannot move order " + std::to_string(id) + " from " +
                                   std::string(to_string(from)) + " to " +
                                   std::string(to_string(to)),
                               "status");
  const Timestamp when = operation_time(at);
  order->status = to;
  if (to == OrderStatus::kDelivered) order->fulfilled_at = when;
  rows.update_order_status(id, to, order->fulfilled_at);
  if (to == OrderStatus::kCancelled || to == OrderStatus::kReturned) {
    // The units come back to where they were taken from.
    const char* reason = to == OrderStatus::kCancelled ? "order cancelled" : "order returned";
    std::vector<StockMovement> booked;
    for (const auto& line : order->lines) {
      rows.add_stock(line.product_id, order->location_id, line.quantity, 0, when);
      booked.push_back(
          record_movement(rows, *order, line, MovementType::kReturn, line.quantity, reason, when));
    }
    rows.insert_outbox_event(stock_changed_event(order->location_id, booked, when));
  }
  rows.insert_outbox_event(order_status_event(id, from, to, when));
  return std::move(*order);
}

}  // namespace oiis::store_rules
