// Order placement and the order life cycle.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "store/request_checks.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {
namespace {

using store_checks::line_field;
using store_checks::order_placed_payload;

// Tolerance for comparing money computed in floating point (discount <= qty * price).
constexpr double kMoneyEpsilon = 1e-9;

struct ProductForSale {
  Id id = 0;
  double price = 0;
  bool active = false;
};

std::optional<ProductForSale> find_product_for_sale(Connection& c, const std::string& sku) {
  auto s = c.prepare("SELECT id, price, active FROM products WHERE sku = ?1");
  s->bind(1, sku);
  if (!s->step()) return std::nullopt;
  return ProductForSale{s->int64(0), s->real(1), s->int64(2) != 0};
}

// Takes `quantity` units off on_hand, refusing (kConflict) when fewer are available unless
// backorders are allowed. The check and the decrement are one UPDATE, and all writes run on the
// single writer thread, so two orders racing for the last units cannot both get them.
Status take_stock(Connection& c, const OrderLine& line, Id location_id, size_t line_index,
                  bool allow_backorders, Timestamp now) {
  int taken = c.run(
      "UPDATE stock_levels SET on_hand = on_hand - ?3, updated_at = ?4 "
      "WHERE product_id = ?1 AND location_id = ?2 AND (?5 OR on_hand - reserved >= ?3)",
      line.product_id, location_id, line.quantity, now, allow_backorders);
  if (taken == 1) return Status::ok();
  if (allow_backorders) {
    add_stock(c, line.product_id, location_id, -line.quantity, 0, now);
    return Status::ok();
  }
  Quantity available = c.query_int(
                            "SELECT on_hand - reserved FROM stock_levels WHERE product_id = ?1 AND "
                            "location_id = ?2",
                            line.product_id, location_id)
                           .value_or(0);
  return conflict("insufficient stock for sku '" + line.sku + "': requested " +
                      std::to_string(line.quantity) + ", available " +
                      std::to_string(std::max<Quantity>(available, 0)),
                  line_field(line_index, "quantity"));
}

// Resolves a request line to an order line priced and checked against the catalogue.
Result<OrderLine> price_line(Connection& c, const OrderRequestLine& in, size_t i) {
  auto product = find_product_for_sale(c, in.sku);
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

void insert_order(Connection& c, Order& o, const std::string& idempotency_key) {
  auto s = c.prepare(Mapping<Order>::kInsert);
  Mapping<Order>::bind(*s, o);
  s->bind(10, idempotency_key);
  s->run();
  o.id = c.last_insert_id();
}

void record_movement(Connection& c, Id product_id, Id location_id, MovementType type,
                     Quantity quantity, std::string reason, std::optional<Id> order_id,
                     Timestamp at) {
  StockMovement m;
  m.product_id = product_id;
  m.location_id = location_id;
  m.type = type;
  m.quantity = quantity;
  m.reason = std::move(reason);
  m.order_id = order_id;
  m.at = at;
  insert_row(c, m);
}

Result<Id> resolve_location(Connection& c, const std::optional<Id>& requested) {
  if (requested) {
    if (!exists<Location>(c, *requested))
      return not_found("location " + std::to_string(*requested) + " not found", "location_id");
    return *requested;
  }
  auto first = default_location(c);
  if (!first) return failed_precondition("no location exists yet", "location_id");
  return *first;
}

}  // namespace

Result<PlacedOrder> SqliteStore::place_order(const OrderRequest& r) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_order_request(r));
  return write([&](Connection& c) { return place_order_tx(c, r); });
}

Result<PlacedOrder> SqliteStore::place_order_tx(Connection& c, const OrderRequest& r) {
  if (!r.idempotency_key.empty()) {
    auto earlier =
        c.query_int("SELECT id FROM orders WHERE idempotency_key = ?1 AND idempotency_key <> ''",
                    r.idempotency_key);
    if (earlier) {
      auto order = load_order(c, *earlier);
      if (!order) return order.status();
      return PlacedOrder{std::move(*order), true};
    }
  }
  if (r.customer_id && !exists<Customer>(c, *r.customer_id))
    return not_found("customer " + std::to_string(*r.customer_id) + " not found", "customer_id");
  auto location = resolve_location(c, r.location_id);
  if (!location) return location.status();
  if (!r.external_id.empty() &&
      c.query_int("SELECT 1 FROM orders WHERE external_id = ?1 AND external_id <> ''",
                  r.external_id))
    return already_exists("an order with external_id '" + r.external_id + "' already exists",
                          "external_id");

  Timestamp now = now_utc();
  Order order;
  order.external_id = r.external_id;
  order.customer_id = r.customer_id;
  order.location_id = *location;
  order.payment_method = r.payment_method;
  order.channel = r.channel;
  order.placed_at = r.placed_at.value_or(now);
  for (size_t i = 0; i < r.lines.size(); ++i) {
    auto line = price_line(c, r.lines[i], i);
    if (!line) return line.status();
    OIIS_RETURN_IF_ERROR(
        take_stock(c, *line, order.location_id, i, options_.allow_backorders, now));
    order.lines.push_back(std::move(*line));
  }
  insert_order(c, order, r.idempotency_key);
  for (auto& line : order.lines) {
    line.order_id = order.id;
    line.id = insert_row(c, line);
    record_movement(c, line.product_id, order.location_id, MovementType::kSale, -line.quantity,
                    "order", order.id, order.placed_at);
  }
  append_event(c, "order.placed", "order", order.id, order_placed_payload(order), now);
  return PlacedOrder{std::move(order), false};
}

Result<Order> SqliteStore::set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at) {
  Timestamp when = at.value_or(now_utc());
  return write([&](Connection& c) { return set_order_status_tx(c, id, to, when); });
}

Result<Order> SqliteStore::set_order_status_tx(Connection& c, Id id, OrderStatus to, Timestamp at) {
  auto order = load_order(c, id);
  if (!order) return order.status();
  OrderStatus from = order->status;
  if (!is_allowed_transition(from, to))
    return failed_precondition("cannot move order " + std::to_string(id) + " from " +
                                   std::string(to_string(from)) + " to " +
                                   std::string(to_string(to)),
                               "status");
  order->status = to;
  if (to == OrderStatus::kDelivered) order->fulfilled_at = at;
  c.run("UPDATE orders SET status = ?2, fulfilled_at = ?3 WHERE id = ?1", id, to_string(to),
        order->fulfilled_at);
  if (to == OrderStatus::kCancelled || to == OrderStatus::kReturned) {
    const char* reason = to == OrderStatus::kCancelled ? "order cancelled" : "order returned";
    for (const auto& line : order->lines) {
      add_stock(c, line.product_id, order->location_id, line.quantity, 0, at);
      record_movement(c, line.product_id, order->location_id, MovementType::kReturn, line.quantity,
                      reason, id, at);
    }
  }
  nlohmann::json payload = {
      {"order_id", id}, {"from", to_string(from)}, {"to", to_string(to)}, {"at", at}};
  append_event(c, "order." + std::string(to_string(to)), "order", id, payload.dump(), at);
  return std::move(*order);
}

}  // namespace oiis::sqlite
