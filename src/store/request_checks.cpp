#include "store/request_checks.h"

#include <cmath>

#include "common/input_limits.h"

namespace oiis::store_checks {

std::string line_field(std::size_t index, std::string_view name) {
  return "lines[" + std::to_string(index) + "]." + std::string(name);
}

Status validate_order_request(const OrderRequest& r) {
  if (r.lines.empty()) return invalid_argument("an order needs at least one line", "lines");
  if (r.lines.size() > kMaxOrderLines)
    return invalid_argument("an order has at most 1000 lines", "lines");
  if (r.external_id.size() > 100)
    return invalid_argument("external_id is longer than 100 characters", "external_id");
  if (r.idempotency_key.size() > kMaxIdempotencyKeyBytes)
    return invalid_argument("idempotency_key is longer than " +
                                std::to_string(kMaxIdempotencyKeyBytes) + " characters",
                            "idempotency_key");
  if (r.placed_at) OIIS_RETURN_IF_ERROR(check_time(*r.placed_at, "placed_at"));
  for (std::size_t i = 0; i < r.lines.size(); ++i) {
    const auto& l = r.lines[i];
    if (l.sku.empty()) return invalid_argument("sku is required", line_field(i, "sku"));
    if (l.sku.size() > 64)  // as for products: no sku is longer, so the lookup can only miss
      return invalid_argument("sku is longer than 64 characters", line_field(i, "sku"));
    if (l.quantity <= 0)
      return invalid_argument("quantity must be positive", line_field(i, "quantity"));
    // Bounded so that totals, revenue and stock sums can never overflow or turn infinite.
    OIIS_RETURN_IF_ERROR(check_quantity(l.quantity, line_field(i, "quantity")));
    if (l.unit_price) OIIS_RETURN_IF_ERROR(check_money(*l.unit_price, line_field(i, "unit_price")));
    OIIS_RETURN_IF_ERROR(check_money(l.discount, line_field(i, "discount")));
  }
  return Status::ok();
}

Status validate_stock_adjustment(const StockAdjustment& a) {
  if (a.product_id <= 0) return invalid_argument("product_id is required", "product_id");
  if (a.location_id <= 0) return invalid_argument("location_id is required", "location_id");
  OIIS_RETURN_IF_ERROR(check_quantity(a.quantity, "quantity"));
  if (a.at) OIIS_RETURN_IF_ERROR(check_time(*a.at, "at"));
  switch (a.type) {
    case MovementType::kAdjustment:
      if (a.reason.empty()) return invalid_argument("an adjustment needs a reason", "reason");
      if (a.quantity == 0) return invalid_argument("quantity must not be zero", "quantity");
      return Status::ok();
    case MovementType::kCount:
      if (a.quantity < 0) return invalid_argument("a count cannot be negative", "quantity");
      return Status::ok();
    case MovementType::kReceipt:
      if (a.quantity <= 0) return invalid_argument("a receipt must be positive", "quantity");
      return Status::ok();
    default:
      return invalid_argument("type must be adjustment, count or receipt", "type");
  }
}

}  // namespace oiis::store_checks
