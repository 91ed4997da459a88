#include "data/import_entity_rules.h"

#include <algorithm>

#include "common/input_limits.h"
#include "domain/validation.h"

namespace oiis::import_detail {
namespace {


std::string id_text(Id id) {
  return std::to_string(id);
}

Status new_id(Id id, const std::unordered_set<Id>& known, const char* what) {
  if (id < 0) return invalid_argument("id must be positive", "id");
  if (id != 0 && known.contains(id))
    return already_exists(std::string(what) + " id " + id_text(id) +
                              " already exists (in the store or earlier in the file)",
                          "id");
  return Status::ok();
}

Status exists(Id id, const std::unordered_set<Id>& known, const char* what,
              const std::string& field) {
  if (!known.contains(id))
    return not_found(std::string(what) + " " + id_text(id) + " does not exist", field);
  return Status::ok();
}

Status file_unique_id(Id id, ImportState& st) {
  if (id < 0) return invalid_argument("id must be positive", "id");
  if (id != 0 && !st.file_ids.insert(id).second)
    return already_exists("id " + id_text(id) + " appears twice in the file", "id");
  return Status::ok();
}

Status resolve_location(Id& location_id, const ImportState& st) {
  if (location_id == 0) {
    if (st.cat.default_location == 0)
      return failed_precondition("no location exists; import locations first", "location_id");
    location_id = st.cat.default_location;
    return Status::ok();
  }
  return exists(location_id, st.cat.location_ids, "location", "location_id");
}

Status check_line(OrderLine& line, const std::string& prefix, const ImportState& st,
                  bool credit_note) {
  if (line.product_id != 0) {
    auto it = st.cat.product_sku.find(line.product_id);
    if (it == st.cat.product_sku.end())
      return not_found("product " + id_text(line.product_id) + " does not exist",
                       prefix + "product_id");
    if (!line.sku.empty() && line.sku != it->second)
      return invalid_argument("sku '" + line.sku + "' is not product " + id_text(line.product_id) +
                                  " (that is '" + it->second + "')",
                              prefix + "sku");
    if (line.sku.empty()) line.sku = it->second;
  } else if (line.sku.empty()) {
    return invalid_argument("a line needs sku or product_id", prefix + "sku");
  } else {
    auto it = st.cat.sku_to_id.find(line.sku);
    if (it == st.cat.sku_to_id.end())
      return not_found("unknown sku '" + clip_for_message(line.sku) + "'", prefix + "sku");
    line.product_id = it->second;
  }
  // A credit note (status returned, negative quantities) hands units back against earlier
  // sales (docs/data-model.md "Demand"); every other line sells a positive quantity.
  if (credit_note ? line.quantity >= 0 : line.quantity <= 0)
    return invalid_argument(credit_note ? "a credit-note line's quantity must be negative"
                                        : "quantity must be positive",
                            prefix + "quantity");
  OIIS_RETURN_IF_ERROR(check_quantity(line.quantity, prefix + "quantity"));
  OIIS_RETURN_IF_ERROR(check_money(line.unit_price, prefix + "unit_price"));
  if (!std::isfinite(line.unit_price) || line.unit_price < 0)
    return invalid_argument("unit_price must be a non-negative number", prefix + "unit_price");
  if (!std::isfinite(line.discount) || line.discount < 0 ||
      line.discount > std::abs(static_cast<double>(line.quantity)) * line.unit_price + 1e-9)
    return invalid_argument("discount must be between 0 and quantity * unit_price",
                            prefix + "discount");
  return Status::ok();
}

}  // namespace

Status check(Supplier& s, ImportState& st) {
  if (s.created_at == 0) s.created_at = st.now;
  OIIS_RETURN_IF_ERROR(validate(s));
  return new_id(s.id, st.cat.supplier_ids, "supplier");
}
Result<Id> write(BulkWriter& w, const Supplier& s) {
  return w.add_supplier(s);
}
void remember(const Supplier&, Id id, ImportState& st) {
  st.cat.supplier_ids.insert(id);
}

Status check(Product& p, ImportState& st) {
  if (p.created_at == 0) p.created_at = st.now;
  if (p.updated_at == 0) p.updated_at = p.created_at;
  OIIS_RETURN_IF_ERROR(validate(p));
  if (p.supplier_id)
    OIIS_RETURN_IF_ERROR(exists(*p.supplier_id, st.cat.supplier_ids, "supplier", "supplier_id"));
  if (st.cat.sku_to_id.contains(p.sku))
    return already_exists(
        "sku '" + p.sku + "' already exists (in the store or earlier in the file)", "sku");
  if (p.id != 0 && st.cat.product_sku.contains(p.id))
    return already_exists("product id " + id_text(p.id) + " already exists", "id");
  return p.id < 0 ? invalid_argument("id must be positive", "id") : Status::ok();
}
Result<Id> write(BulkWriter& w, const Product& p) {
  return w.add_product(p);
}
void remember(const Product& p, Id id, ImportState& st) {
  st.cat.sku_to_id.emplace(p.sku, id);
  if (id != 0) st.cat.product_sku.emplace(id, p.sku);
}

Status check(Customer& c, ImportState& st) {
  if (c.signup_at == 0) c.signup_at = st.now;
  OIIS_RETURN_IF_ERROR(validate(c));
  if (!c.external_id.empty() && st.cat.customer_by_external_id.contains(c.external_id))
    return already_exists("customer external_id '" + c.external_id +
                              "' already exists (in the store or earlier in the file)",
                          "external_id");
  return new_id(c.id, st.cat.customer_ids, "customer");
}
Result<Id> write(BulkWriter& w, const Customer& c) {
  return w.add_customer(c);
}
void remember(const Customer& c, Id id, ImportState& st) {
  if (id != 0) st.cat.customer_ids.insert(id);
  if (!c.external_id.empty()) st.cat.customer_by_external_id.emplace(c.external_id, id);
}

Status check(Location& l, ImportState& st) {
  OIIS_RETURN_IF_ERROR(validate(l));
  if (st.cat.location_by_code.contains(l.code))
    return already_exists("location code '" + l.code + "' already exists", "code");
  return new_id(l.id, st.cat.location_ids, "location");
}
Result<Id> write(BulkWriter& w, const Location& l) {
  return w.add_location(l);
}
void remember(const Location& l, Id id, ImportState& st) {
  st.cat.location_by_code.emplace(l.code, id);
  if (id != 0) st.cat.location_ids.insert(id);
  if (st.cat.default_location == 0) st.cat.default_location = id;
}


Status check(Order& o, ImportState& st) {
  // Keys are claimed before anything else, so a rejected order's key still catches a later
  // run of rows with the same key (rows of one order that are not consecutive).
  if (!o.external_id.empty()) {
    if (st.cat.order_external_ids.contains(o.external_id))
      return already_exists("order external_id '" + o.external_id + "' is already in the store",
                            "external_id");
    if (!st.order_keys.insert(o.external_id).second)
      return already_exists("order external_id '" + o.external_id +
                                "' appears twice in the file (an order's rows must be consecutive)",
                            "external_id");
  }
  if (o.lines.empty()) return invalid_argument("an order needs at least one line", "lines");
  if (o.placed_at == 0) return invalid_argument("placed_at is required", "placed_at");
  if (o.payment_method.empty())
    return invalid_argument("payment_method is required", "payment_method");
  if (o.channel.empty()) return invalid_argument("channel is required", "channel");
  if (o.customer_id)
    OIIS_RETURN_IF_ERROR(exists(*o.customer_id, st.cat.customer_ids, "customer", "customer_id"));
  OIIS_RETURN_IF_ERROR(resolve_location(o.location_id, st));
  OIIS_RETURN_IF_ERROR(new_id(o.id, st.cat.order_ids, "order"));
  // One prefix buffer for all lines: field names only matter on the error path.
  // An order whose lines are all negative is a credit note; it must be marked returned.
  const bool credit_note = std::all_of(o.lines.begin(), o.lines.end(),
                                       [](const OrderLine& l) { return l.quantity < 0; });
  if (credit_note && o.status != OrderStatus::kReturned)
    return invalid_argument("an order with negative quantities is a credit note: status must be "
                            "'returned'",
                            "status");
  for (size_t i = 0; i < o.lines.size(); ++i) {
    Status s = check_line(o.lines[i], {}, st, credit_note);
    if (!s.is_ok())
      return Status(s.code(), s.message(), "lines[" + std::to_string(i) + "]." + s.field());
  }
  return Status::ok();
}
Result<Id> write(BulkWriter& w, const Order& o) {
  return w.add_order(o);
}
void remember(const Order& o, Id id, ImportState& st) {
  if (o.id != 0) st.cat.order_ids.insert(o.id);
}

Status check(StockLevel& s, ImportState& st) {
  if (s.updated_at == 0) s.updated_at = st.now;
  if (!st.cat.product_sku.contains(s.product_id))
    return not_found("product " + id_text(s.product_id) + " does not exist", "product_id");
  OIIS_RETURN_IF_ERROR(exists(s.location_id, st.cat.location_ids, "location", "location_id"));
  if (s.reserved < 0) return invalid_argument("reserved must not be negative", "reserved");
  if (s.on_order < 0) return invalid_argument("on_order must not be negative", "on_order");
  // Product ids and location ids are far below 2^40 in any store this tool serves.
  const std::int64_t key = (s.product_id << 20) ^ s.location_id;
  if (!st.stock_keys.insert(key).second)
    return already_exists("stock for product " + id_text(s.product_id) + " at location " +
                              id_text(s.location_id) + " appears twice in the file",
                          "product_id");
  return Status::ok();
}
Result<Id> write(BulkWriter& w, const StockLevel& s) {
  Status st = w.set_stock(s);
  if (!st.is_ok()) return st;
  return Id{0};
}
void remember(const StockLevel&, Id, ImportState&) {}

Status check(StockMovement& m, ImportState& st) {
  if (m.at == 0) m.at = st.now;
  if (!st.cat.product_sku.contains(m.product_id))
    return not_found("product " + id_text(m.product_id) + " does not exist", "product_id");
  OIIS_RETURN_IF_ERROR(exists(m.location_id, st.cat.location_ids, "location", "location_id"));
  if (m.order_id && *m.order_id <= 0)
    return invalid_argument("order_id must be a positive id", "order_id");
  if (m.purchase_order_id && *m.purchase_order_id <= 0)
    return invalid_argument("purchase_order_id must be a positive id", "purchase_order_id");
  return file_unique_id(m.id, st);
}
Result<Id> write(BulkWriter& w, const StockMovement& m) {
  return w.add_movement(m);
}
void remember(const StockMovement&, Id, ImportState&) {}

Status check(PriceChange& c, ImportState& st) {
  if (c.at == 0) c.at = st.now;
  if (!st.cat.product_sku.contains(c.product_id))
    return not_found("product " + id_text(c.product_id) + " does not exist", "product_id");
  if (!std::isfinite(c.new_price) || c.new_price <= 0)
    return invalid_argument("new_price must be greater than 0", "new_price");
  if (!std::isfinite(c.old_price) || c.old_price < 0)
    return invalid_argument("old_price must not be negative", "old_price");
  return file_unique_id(c.id, st);
}
Result<Id> write(BulkWriter& w, const PriceChange& c) {
  return w.add_price_change(c);
}
void remember(const PriceChange&, Id, ImportState&) {}

Status check(PurchaseOrder& po, ImportState& st) {
  if (po.created_at == 0) po.created_at = st.now;
  OIIS_RETURN_IF_ERROR(validate(po));
  OIIS_RETURN_IF_ERROR(exists(po.supplier_id, st.cat.supplier_ids, "supplier", "supplier_id"));
  OIIS_RETURN_IF_ERROR(resolve_location(po.location_id, st));
  for (size_t i = 0; i < po.lines.size(); ++i) {
    if (!st.cat.product_sku.contains(po.lines[i].product_id))
      return not_found("product " + id_text(po.lines[i].product_id) + " does not exist",
                       "lines[" + std::to_string(i) + "].product_id");
    if (po.lines[i].received_quantity < 0 || po.lines[i].received_quantity > po.lines[i].quantity)
      return invalid_argument("received_quantity must be between 0 and quantity",
                              "lines[" + std::to_string(i) + "].received_quantity");
  }
  return file_unique_id(po.id, st);
}
Result<Id> write(BulkWriter& w, const PurchaseOrder& po) {
  return w.add_purchase_order(po);
}
void remember(const PurchaseOrder&, Id, ImportState&) {}

// What each entity needs preloaded from the store.
unsigned catalog_parts(Entity e) {
  switch (e) {
    case Entity::kProducts:
      return kProductsPart | kSuppliersPart;
    case Entity::kSuppliers:
      return kSuppliersPart;
    case Entity::kCustomers:
      return kCustomersPart;
    case Entity::kLocations:
      return kLocationsPart;
    case Entity::kOrders:
      return kProductsPart | kCustomersPart | kLocationsPart | kOrdersPart;
    case Entity::kStock:
      return kProductsPart | kLocationsPart;
    case Entity::kMovements:
      return kProductsPart | kLocationsPart;
    case Entity::kPriceChanges:
      return kProductsPart;
    case Entity::kPurchaseOrders:
      return kProductsPart | kSuppliersPart | kLocationsPart;
  }
  return 0;
}

}  // namespace oiis::import_detail
