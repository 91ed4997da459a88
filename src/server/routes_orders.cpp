// Orders: placement (with Idempotency-Key), reads, lists and life-cycle moves.
#include "common/input_limits.h"
#include "common/json_reader.h"
#include "server/api.h"
#include "services/order_placement.h"
#include "services/order_risk_service.h"

namespace oiis::server {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 200;

// The Idempotency-Key header, scoped to the caller's API key so two clients choosing the same
// key never see each other's orders. Empty when the header is absent.
Result<std::string> scoped_idempotency_key(const Ctx& c) {
  auto it = c.req.headers.find("Idempotency-Key");
  if (it == c.req.headers.end()) return std::string();
  if (it->second.empty() || it->second.size() > kMaxIdempotencyKey)
    return invalid_argument("Idempotency-Key must be 1..200 characters", "Idempotency-Key");
  OIIS_RETURN_IF_ERROR(check_utf8(it->second, "Idempotency-Key"));
  return c.caller + ":" + it->second;
}

Status place_order(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  OrderRequest request;
  OIIS_RETURN_IF_ERROR(services::read_order_request(*body, request));
  auto key = scoped_idempotency_key(c);
  if (!key) return key.status();
  request.idempotency_key = std::move(*key);
  auto placed = services::place_order(c.store, request, "Idempotency-Key");
  if (!placed) return placed.status();
  if (placed->replayed) {
    c.res.set_header("Idempotent-Replayed", "true");
    return reply(c, to_json(placed->order), 200);
  }
  c.res.set_header("Location", "/api/v1/orders/" + std::to_string(placed->order.id));
  Json reply_body = to_json(placed->order);
  if (auto* risk = c.api.order_risk()) reply_body["risk"] = risk->score_placed(placed->order);
  return reply(c, reply_body, 201);
}

Status get_order(Ctx& c) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto order = c.store.get_order(*id);
  if (!order) return order.status();
  return reply(c, to_json(*order));
}

Status list_orders(Ctx& c) {
  OrderFilter f;
  PageRequest page;
  std::optional<std::int64_t> customer;
  OIIS_RETURN_IF_ERROR(query_int(c, "customer_id", customer));
  OIIS_RETURN_IF_ERROR(query_enum(c, "status", parse_order_status, f.status));
  OIIS_RETURN_IF_ERROR(query_text(c, "channel", f.channel));
  OIIS_RETURN_IF_ERROR(query_time(c, "from", f.placed_from));
  OIIS_RETURN_IF_ERROR(query_time(c, "to", f.placed_to));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  f.customer_id = customer;
  auto result = c.store.list_orders(f, page);
  if (!result) return result.status();
  return reply(c, page_json(*result));
}

Status move_order(Ctx& c, OrderStatus to, std::optional<Timestamp> at) {
  auto id = path_id(c, 0);
  if (!id) return id.status();
  auto order = c.store.set_order_status(*id, to, at);
  if (!order) return order.status();
  return reply(c, to_json(*order));
}

// {"status": "...", "at"?: time}
Status set_status(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  std::string name;
  std::optional<Timestamp> at;
  JsonObjectReader r(*body);
  r.text("status", name, true).timestamp("at", at);
  OIIS_RETURN_IF_ERROR(r.finish());
  auto to = parse_order_status(name);
  if (!to) return invalid_argument(to.status().message(), "status");
  return move_order(c, *to, at);
}

// /cancel and /return: the body is optional ({"at"?: time}).
Handler shortcut(OrderStatus to) {
  return [to](Ctx& c) -> Status {
    std::optional<Timestamp> at;
    if (!c.req.body.empty()) {
      auto body = body_json(c);
      if (!body) return body.status();
      JsonObjectReader r(*body);
      r.timestamp("at", at);
      OIIS_RETURN_IF_ERROR(r.finish());
    }
    return move_order(c, to, at);
  };
}

}  // namespace

void add_order_routes(RouteTable& t) {
  t.push_back({"POST", "/api/v1/orders", Role::kWrite, "orders",
               "Place an order (takes stock; send Idempotency-Key to make retries safe)",
               "OrderCreate", "Order", 201, {}, place_order, "application/json",
               {{"Idempotency-Key", "string",
                 "Makes retries safe: a repeat with the same key returns the first order "
                 "(200 with Idempotent-Replayed: true) instead of placing another"}}});
  t.push_back({"GET", "/api/v1/orders", Role::kRead, "orders", "List orders", "", "OrderPage",
               200,
               with_page_params({{"customer_id", "integer", "Customer id"},
                                 {"status", "enum:placed|paid|shipped|delivered|cancelled|returned",
                                  "Order status"},
                                 {"channel", "string", "Sales channel"},
                                 {"from", "date-time", "Placed at or after (inclusive)"},
                                 {"to", "date-time", "Placed before (exclusive)"}}),
               list_orders});
  t.push_back({"GET", "/api/v1/orders/{id}", Role::kRead, "orders", "Get an order", "", "Order",
               200, {}, get_order});
  t.push_back({"POST", "/api/v1/orders/{id}/status", Role::kWrite, "orders",
               "Move an order along its life cycle (cancel/return restore stock)",
               "OrderStatusChange", "Order", 200, {}, set_status});
  t.push_back({"POST", "/api/v1/orders/{id}/cancel", Role::kWrite, "orders",
               "Cancel an order (restores stock)", "", "Order", 200, {},
               shortcut(OrderStatus::kCancelled)});
  t.push_back({"POST", "/api/v1/orders/{id}/return", Role::kWrite, "orders",
               "Return a shipped order (restores stock)", "", "Order", 200, {},
               shortcut(OrderStatus::kReturned)});
}

}  // namespace oiis::server
