#include "services/order_placement.h"

#include "common/json_reader.h"

namespace oiis::services {
namespace {

Status read_order_line(const Json& j, std::size_t i, OrderRequestLine& line) {
  const std::string prefix = "lines[" + std::to_string(i) + "].";
  JsonObjectReader r(j, prefix);
  r.text("sku", line.sku, true)
      .integer("quantity", line.quantity, true)
      .number("unit_price", line.unit_price)
      .number("discount", line.discount);
  return r.finish();  // values (positive quantity, known sku) are the store's to check
}

// True when `order` is what `request` would have placed: a replay must repeat the request,
// or the key is being reused for a different order and must not silently return the first.
bool same_placement(const OrderRequest& request, const Order& order) {
  if (request.lines.size() != order.lines.size()) return false;
  if (request.customer_id && request.customer_id != order.customer_id) return false;
  if (request.location_id && *request.location_id != order.location_id) return false;
  if (request.placed_at && *request.placed_at != order.placed_at) return false;
  if (request.external_id != order.external_id) return false;
  for (std::size_t i = 0; i < request.lines.size(); ++i) {
    const OrderRequestLine& want = request.lines[i];
    const OrderLine& got = order.lines[i];
    if (want.sku != got.sku || want.quantity != got.quantity || want.discount != got.discount)
      return false;
    if (want.unit_price && *want.unit_price != got.unit_price) return false;
  }
  return true;
}

}  // namespace

Status read_order_request(const Json& body, OrderRequest& out) {
  JsonObjectReader r(body);
  std::optional<std::int64_t> customer, location;
  r.integer("customer_id", customer)
      .integer("location_id", location)
      .text("external_id", out.external_id)
      .text("payment_method", out.payment_method)
      .text("channel", out.channel)
      .timestamp("placed_at", out.placed_at);
  const Json* lines = r.get("lines");
  OIIS_RETURN_IF_ERROR(r.finish());
  out.customer_id = customer;
  out.location_id = location;
  if (!lines) return invalid_argument("lines is required", "lines");
  if (!lines->is_array()) return invalid_argument("lines must be an array", "lines");
  out.lines.resize(lines->size());
  for (std::size_t i = 0; i < lines->size(); ++i)
    OIIS_RETURN_IF_ERROR(read_order_line((*lines)[i], i, out.lines[i]));
  return Status::ok();
}

Result<PlacedOrder> place_order(Store& store, const OrderRequest& request,
                                const std::string& key_field) {
  auto placed = store.place_order(request);
  if (!placed) return placed.status();
  if (placed->replayed && !same_placement(request, placed->order))
    return Status(ErrorCode::kConflict,
                  key_field + " was already used for order " + std::to_string(placed->order.id) +
                      " with a different request",
                  key_field);
  return placed;
}

}  // namespace oiis::services
