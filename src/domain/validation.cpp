#include "domain/validation.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/input_limits.h"
#include "common/json_reader.h"

namespace oiis {
namespace {

bool printable(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

Status require_text(const std::string& value, const char* field, size_t max_len) {
  if (value.empty()) return invalid_argument(std::string(field) + " is required", field);
  if (value.size() > max_len)
    return invalid_argument(std::string(field) + " is longer than " + std::to_string(max_len) +
                                " characters",
                            field);
  if (!printable(value))
    return invalid_argument(std::string(field) + " contains control characters", field);
  return check_utf8(value, field);
}

Status optional_text(const std::string& value, const char* field, size_t max_len) {
  if (value.size() > max_len)
    return invalid_argument(std::string(field) + " is longer than " + std::to_string(max_len) +
                                " characters",
                            field);
  return check_utf8(value, field);
}

Status finite_at_least(double v, double min, bool strict, const char* field) {
  if (!std::isfinite(v)) return invalid_argument(std::string(field) + " must be a finite number", field);
  if (strict ? v <= min : v < min) {
    char bound[32];
    std::snprintf(bound, sizeof bound, "%g", min);
    return invalid_argument(std::string(field) + " must be " +
                                (strict ? "greater than " : "at least ") + bound,
                            field);
  }
  return Status::ok();
}

}  // namespace

Status validate(const Supplier& s) {
  OIIS_RETURN_IF_ERROR(require_text(s.name, "name", 200));
  OIIS_RETURN_IF_ERROR(optional_text(s.email, "email", 320));
  OIIS_RETURN_IF_ERROR(finite_at_least(s.lead_time_mean_days, 0, false, "lead_time_mean_days"));
  OIIS_RETURN_IF_ERROR(finite_at_least(s.lead_time_sd_days, 0, false, "lead_time_sd_days"));
  if (s.min_order_qty < 1) return invalid_argument("min_order_qty must be at least 1", "min_order_qty");
  OIIS_RETURN_IF_ERROR(finite_at_least(s.order_cost, 0, false, "order_cost"));
  OIIS_RETURN_IF_ERROR(check_money(s.order_cost, "order_cost"));
  if (s.lead_time_mean_days > 3650 || s.lead_time_sd_days > 3650)
    return invalid_argument("lead times must be at most 3650 days", "lead_time_mean_days");
  OIIS_RETURN_IF_ERROR(check_quantity(s.min_order_qty, "min_order_qty"));
  return Status::ok();
}

Status validate(const Product& p) {
  OIIS_RETURN_IF_ERROR(require_text(p.sku, "sku", 64));
  OIIS_RETURN_IF_ERROR(require_text(p.name, "name", 300));
  OIIS_RETURN_IF_ERROR(optional_text(p.category, "category", 200));
  OIIS_RETURN_IF_ERROR(optional_text(p.brand, "brand", 200));
  OIIS_RETURN_IF_ERROR(optional_text(p.description, "description", 10000));
  OIIS_RETURN_IF_ERROR(finite_at_least(p.price, 0, true, "price"));
  OIIS_RETURN_IF_ERROR(finite_at_least(p.cost, 0, false, "cost"));
  OIIS_RETURN_IF_ERROR(check_money(p.price, "price"));
  OIIS_RETURN_IF_ERROR(check_money(p.cost, "cost"));
  if (p.pack_size < 1) return invalid_argument("pack_size must be at least 1", "pack_size");
  OIIS_RETURN_IF_ERROR(check_quantity(p.pack_size, "pack_size"));
  if (p.supplier_id && *p.supplier_id <= 0)
    return invalid_argument("supplier_id must be a positive id", "supplier_id");
  // Through the bounded parser: attributes are stored as text and parsed again on every read,
  // so a document too deep to serialise must never reach the store.
  auto attrs = parse_json(p.attributes_json, "attributes");
  if (!attrs) return attrs.status();
  if (!attrs->is_object()) return invalid_argument("attributes must be a JSON object", "attributes");
  return Status::ok();
}

Status validate(const Customer& c) {
  OIIS_RETURN_IF_ERROR(optional_text(c.external_id, "external_id", 100));
  OIIS_RETURN_IF_ERROR(optional_text(c.name, "name", 300));
  OIIS_RETURN_IF_ERROR(optional_text(c.email, "email", 320));
  if (!c.email.empty() && c.email.find('@') == std::string::npos)
    return invalid_argument("email must contain '@'", "email");
  OIIS_RETURN_IF_ERROR(optional_text(c.region, "region", 100));
  return Status::ok();
}

Status validate(const Location& l) {
  OIIS_RETURN_IF_ERROR(require_text(l.code, "code", 32));
  OIIS_RETURN_IF_ERROR(optional_text(l.name, "name", 200));
  if (l.kind != "warehouse" && l.kind != "store")
    return invalid_argument("kind must be 'warehouse' or 'store'", "kind");
  return Status::ok();
}

Status validate(const PurchaseOrder& po) {
  if (po.supplier_id <= 0) return invalid_argument("supplier_id is required", "supplier_id");
  if (po.lines.empty()) return invalid_argument("a purchase order needs at least one line", "lines");
  for (size_t i = 0; i < po.lines.size(); ++i) {
    const auto& l = po.lines[i];
    const std::string prefix = "lines[" + std::to_string(i) + "].";
    if (l.product_id <= 0) return invalid_argument("product_id is required", prefix + "product_id");
    if (l.quantity <= 0) return invalid_argument("quantity must be positive", prefix + "quantity");
    OIIS_RETURN_IF_ERROR(check_quantity(l.quantity, prefix + "quantity"));
    OIIS_RETURN_IF_ERROR(check_money(l.unit_cost, prefix + "unit_cost"));
  }
  return Status::ok();
}

}  // namespace oiis
