// PostgreSQL Store: placing orders, reading them and moving them along their life cycle.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <unordered_map>

#include "store/postgres/pg_rows.h"
#include "store/request_checks.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

using store_checks::line_field;
using store_checks::order_placed_payload;

// The order with its lines, or kNotFound.
Result<Order> load_order(pqxx::work& txn, Id id, const char* statement = "order_get") {
  auto order = first_or_not_found(txn.exec_prepared(statement, id), read_order, "order", id);
  if (!order) return order;
  std::vector<Order> one{std::move(order).value()};
  attach_order_lines(txn, one);
  return std::move(one[0]);
}

// Looks up each line's product and prices the line. Lines keep the request's order.
Result<std::vector<OrderLine>> resolve_lines(pqxx::work& txn, const OrderRequest& r) {
  std::vector<OrderLine> lines;
  lines.reserve(r.lines.size());
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const auto& in = r.lines[i];
    auto rows = txn.exec_prepared("product_get_sku", in.sku);
    if (rows.empty()) return not_found("unknown sku '" + in.sku + "'", line_field(i, "sku"));
    Product p = read_product(rows[0]);
    if (!p.active)
      return invalid_argument("product '" + in.sku + "' is not active", line_field(i, "sku"));
    OrderLine line{0, 0, p.id, p.sku, in.quantity, in.unit_price.value_or(p.price), in.discount};
    if (line.discount > static_cast<double>(line.quantity) * line.unit_price)
      return invalid_argument("discount exceeds the line's value", line_field(i, "discount"));
    lines.push_back(std::move(line));
  }
  return lines;
}

// Takes the lines' units from `location`. Rows are locked in product-id order so that two
// orders touching the same products cannot deadlock each other.
Status take_stock(pqxx::work& txn, const std::vector<OrderLine>& lines, Id location, Timestamp at,
                  bool allow_backorders) {
  std::vector<size_t> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return lines[a].product_id < lines[b].product_id; });
  for (size_t i : order) {
    const auto& l = lines[i];
    if (allow_backorders) {
      txn.exec_prepared("stock_add", l.product_id, location, -l.quantity, Quantity{0}, at);
      continue;
    }
    if (!txn.exec_prepared("stock_take", l.product_id, location, l.quantity, at).empty()) continue;
    auto avail = txn.exec_prepared("stock_available", l.product_id, location);
    Quantity available = avail.empty() ? 0 : avail[0][0].as<Quantity>();
    return conflict("insufficient stock for sku '" + l.sku + "': requested " +
                        std::to_string(l.quantity) + ", available " + std::to_string(available),
                    line_field(i, "quantity"));
  }
  return Status::ok();
}

void record_movements(pqxx::work& txn, const Order& o, MovementType type, int sign,
                      const char* reason, Timestamp at) {
  for (const auto& l : o.lines) {
    StockMovement m{0,      l.product_id, o.location_id, type, sign * l.quantity,
                    reason, o.id,         std::nullopt,  at};
    insert_movement(txn, m);
  }
}

Result<PlacedOrder> place_new_order(pqxx::work& txn, const OrderRequest& r, bool allow_backorders) {
  if (r.customer_id && txn.exec_prepared("customer_get", *r.customer_id).empty())
    return not_found("customer " + std::to_string(*r.customer_id) + " not found", "customer_id");
  auto location = resolve_location(txn, r.location_id);
  if (!location) return location.status();
  auto lines = resolve_lines(txn, r);
  if (!lines) return lines.status();

  Order o;
  o.external_id = r.external_id;
  o.customer_id = r.customer_id;
  o.location_id = *location;
  o.payment_method = r.payment_method;
  o.channel = r.channel;
  o.placed_at = r.placed_at.value_or(now_utc());
  OIIS_RETURN_IF_ERROR(take_stock(txn, *lines, o.location_id, o.placed_at, allow_backorders));

  o.id = exec_values(txn, "order_insert", order_values(o), r.idempotency_key)[0][0].as<Id>();
  for (auto& l : *lines) {
    l.order_id = o.id;
    o.lines.push_back(
        read_order_line(exec_values(txn, "order_line_insert", order_line_values(l))[0]));
  }
  record_movements(txn, o, MovementType::kSale, -1, "order", o.placed_at);
  append_outbox(txn, "order.placed", "order", o.id, order_placed_payload(o), now_utc());
  return PlacedOrder{std::move(o), false};
}

}  // namespace

Result<Id> resolve_location(pqxx::work& txn, const std::optional<Id>& requested) {
  auto rows = requested ? txn.exec_prepared("location_get", *requested)
                        : txn.exec_prepared("location_first");
  if (rows.empty())
    return requested
               ? not_found("location " + std::to_string(*requested) + " not found", "location_id")
               : failed_precondition("no location exists yet", "location_id");
  return rows[0][0].as<Id>();
}

void attach_order_lines(pqxx::work& txn, std::vector<Order>& orders) {
  if (orders.empty()) return;
  std::unordered_map<Id, Order*> by_id;
  std::string ids = "{";
  for (auto& o : orders) {
    by_id[o.id] = &o;
    ids += (ids.size() > 1 ? "," : "") + std::to_string(o.id);
  }
  ids += "}";
  auto rows = txn.exec_params(std::string("SELECT ") + kOrderLineCols +
                                  " FROM order_lines WHERE order_id = ANY($1::bigint[]) "
                                  "ORDER BY order_id, id",
                              ids);
  for (const auto& row : rows) {
    OrderLine line = read_order_line(row);
    by_id.at(line.order_id)->lines.push_back(std::move(line));
  }
}

Result<PlacedOrder> PostgresStore::place_order(const OrderRequest& r) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_order_request(r));
  return transact([&](pqxx::work& txn) -> Result<PlacedOrder> {
    if (!r.idempotency_key.empty()) {
      // Same-key placements queue here, so the second one sees the first one's order.
      txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", r.idempotency_key);
      auto rows = txn.exec_prepared("order_by_idempotency_key", r.idempotency_key);
      if (!rows.empty()) {
        auto first = load_order(txn, rows[0][0].as<Id>());
        if (!first) return first.status();
        return PlacedOrder{std::move(first).value(), true};
      }
    }
    return place_new_order(txn, r, options_.allow_backorders);
  });
}

Result<Order> PostgresStore::get_order(Id id) {
  return transact([&](pqxx::work& txn) { return load_order(txn, id); });
}

namespace {
Where order_where(const OrderFilter& f) {
  Where where;
  if (f.customer_id) where.add("customer_id = $?", *f.customer_id);
  if (f.status) where.add("status = $?", std::string(to_string(*f.status)));
  if (f.channel) where.add("channel = $?", *f.channel);
  if (f.placed_from) where.add("placed_at >= $?", *f.placed_from);
  if (f.placed_to) where.add("placed_at < $?", *f.placed_to);
  return where;
}
}  // namespace

Result<Page<Order>> PostgresStore::list_orders(const OrderFilter& f, const PageRequest& p) {
  return transact([&](pqxx::work& txn) {
    auto page = fetch_page(txn, "orders", kOrderCols, order_where(f), p, read_order);
    if (page) attach_order_lines(txn, page->items);
    return page;
  });
}

Status PostgresStore::scan_orders(const OrderFilter& f,
                                  const std::function<bool(const Order&)>& fn) {
  // Keyset batches, each in its own short transaction; `fn` runs with no connection held so
  // it may call back into the store.
  PageRequest p{"", 1000};
  const Where where = order_where(f);
  do {
    auto page = transact([&](pqxx::work& txn) {
      auto batch = fetch_page(txn, "orders", kOrderCols, where, p, read_order);
      if (batch) attach_order_lines(txn, batch->items);
      return batch;
    });
    if (!page) return page.status();
    for (const auto& o : page->items)
      if (!fn(o)) return Status::ok();
    p.cursor = page->next_cursor;
  } while (!p.cursor.empty());
  return Status::ok();
}

Result<Order> PostgresStore::set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at) {
  return transact([&](pqxx::work& txn) -> Result<Order> {
    auto order = load_order(txn, id, "order_lock");
    if (!order) return order.status();
    const OrderStatus from = order->status;
    if (!is_allowed_transition(from, to))
      return failed_precondition("cannot move order " + std::to_string(id) + " from " +
                                     std::string(to_string(from)) + " to " +
                                     std::string(to_string(to)),
                                 "status");
    const Timestamp ts = at.value_or(now_utc());
    std::optional<Timestamp> fulfilled;
    if (to == OrderStatus::kDelivered) fulfilled = ts;
    txn.exec_prepared("order_set_status", id, std::string(to_string(to)), fulfilled);
    order->status = to;
    if (fulfilled) order->fulfilled_at = fulfilled;
    if (to == OrderStatus::kCancelled || to == OrderStatus::kReturned) {
      for (const auto& l : order->lines)
        txn.exec_prepared("stock_add", l.product_id, order->location_id, l.quantity, Quantity{0},
                          ts);
      record_movements(txn, *order, MovementType::kReturn, +1,
                       to == OrderStatus::kCancelled ? "order cancelled" : "order returned", ts);
    }
    const nlohmann::json payload = {{"order_id", id},
                                    {"from", std::string(to_string(from))},
                                    {"to", std::string(to_string(to))},
                                    {"at", ts}};
    append_outbox(txn, "order." + std::string(to_string(to)), "order", id, payload.dump(), ts);
    return order;
  });
}

}  // namespace oiis::pg
