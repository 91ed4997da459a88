// PostgreSQL Store: stock levels, manual adjustments, movements and purchase orders.
#include <nlohmann/json.hpp>

#include "domain/validation.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"
#include "store/request_checks.h"

namespace oiis::pg {
namespace {

using store_checks::line_field;

// Decodes "<product_id>:<location_id>", the stock list's cursor.
Result<std::pair<Id, Id>> decode_stock_cursor(const std::string& cursor) {
  auto colon = cursor.find(':');
  if (colon == std::string::npos) return invalid_argument("malformed cursor", "cursor");
  auto product = decode_cursor(cursor.substr(0, colon));
  auto location = decode_cursor(cursor.substr(colon + 1));
  if (!product || !location) return invalid_argument("malformed cursor", "cursor");
  return std::make_pair(*product, *location);
}

Result<PurchaseOrder> load_purchase_order(pqxx::work& txn, Id id,
                                          const char* statement = "po_get") {
  auto po = first_or_not_found(txn.exec_prepared(statement, id), read_purchase_order,
                               "purchase order", id);
  if (!po) return po;
  for (const auto& row : txn.exec_prepared("po_lines_of", id))
    po->lines.push_back(read_po_line(row));
  return po;
}

// Raises on_order at the PO's location by each line's outstanding units.
void raise_on_order(pqxx::work& txn, const PurchaseOrder& po, Timestamp at) {
  for (const auto& l : po.lines)
    txn.exec_prepared("stock_add_on_order", l.product_id, po.location_id, Quantity{0},
                      l.quantity - l.received_quantity, at);
}

nlohmann::json po_payload(const PurchaseOrder& po) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : po.lines)
    lines.push_back({{"product_id", l.product_id},
                     {"quantity", l.quantity},
                     {"received_quantity", l.received_quantity}});
  return {{"purchase_order_id", po.id},
          {"supplier_id", po.supplier_id},
          {"location_id", po.location_id},
          {"status", std::string(to_string(po.status))},
          {"lines", lines}};
}

struct Allocation {
  size_t po_line;  // index into po.lines
  Quantity quantity;
};

// Spreads the receipt over the PO's lines (a product may appear on several, earliest first).
// Nothing is written until all of it checks out.
Result<std::vector<Allocation>> allocate_receipt(PurchaseOrder& po,
                                                 const std::vector<ReceiptLine>& receipt) {
  std::vector<Allocation> out;
  for (size_t i = 0; i < receipt.size(); ++i) {
    Quantity left = receipt[i].quantity;
    bool on_po = false;
    for (size_t j = 0; j < po.lines.size() && left > 0; ++j) {
      auto& l = po.lines[j];
      if (l.product_id != receipt[i].product_id) continue;
      on_po = true;
      Quantity take = std::min(left, l.quantity - l.received_quantity);
      if (take <= 0) continue;
      l.received_quantity += take;
      left -= take;
      out.push_back({j, take});
    }
    if (!on_po)
      return invalid_argument("product " + std::to_string(receipt[i].product_id) +
                                  " is not on purchase order " + std::to_string(po.id),
                              line_field(i, "product_id"));
    if (left > 0)
      return invalid_argument("receiving " + std::to_string(receipt[i].quantity) +
                                  " units but only " + std::to_string(receipt[i].quantity - left) +
                                  " are outstanding",
                              line_field(i, "quantity"));
  }
  return out;
}

}  // namespace

Result<StockLevel> PostgresStore::get_stock(Id product_id, Id location_id) {
  return transact([&](pqxx::work& txn) -> Result<StockLevel> {
    auto rows = txn.exec_prepared("stock_get", product_id, location_id);
    if (!rows.empty()) return read_stock(rows[0]);
    // No level yet: zero stock, provided both ends exist.
    if (txn.exec_prepared("product_get", product_id).empty())
      return not_found("product " + std::to_string(product_id) + " not found", "product_id");
    if (txn.exec_prepared("location_get", location_id).empty())
      return not_found("location " + std::to_string(location_id) + " not found", "location_id");
    return StockLevel{product_id, location_id, 0, 0, 0, 0};
  });
}

Result<Page<StockLevel>> PostgresStore::list_stock(const StockFilter& f, const PageRequest& p) {
  Where where;
  if (f.product_id) where.add("product_id = $?", *f.product_id);
  if (f.location_id) where.add("location_id = $?", *f.location_id);
  if (f.max_available) where.add("on_hand - reserved <= $?", *f.max_available);
  if (!p.cursor.empty()) {
    auto after = decode_stock_cursor(p.cursor);
    if (!after) return after.status();
    where.add("(product_id, location_id) > ($?::bigint, $?::bigint)", after->first, after->second);
  }
  const int limit = clamp_limit(p.limit);
  return transact([&](pqxx::work& txn) -> Result<Page<StockLevel>> {
    auto rows =
        txn.exec_params(std::string("SELECT ") + kStockCols + " FROM stock_levels" + where.sql() +
                            " ORDER BY product_id, location_id LIMIT " + std::to_string(limit + 1),
                        where.params());
    Page<StockLevel> page;
    for (const auto& row : rows) page.items.push_back(read_stock(row));
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      const auto& last = page.items.back();
      page.next_cursor = encode_cursor(last.product_id) + ":" + encode_cursor(last.location_id);
    }
    return page;
  });
}

Result<StockLevel> PostgresStore::adjust_stock(const StockAdjustment& a) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_stock_adjustment(a));
  return transact([&](pqxx::work& txn) -> Result<StockLevel> {
    const Timestamp ts = a.at.value_or(now_utc());
    // Adding zero creates a missing level and locks the row until commit. A missing product
    // or location fails the foreign key: kNotFound naming it.
    StockLevel level = read_stock(
        txn.exec_prepared1("stock_add", a.product_id, a.location_id, Quantity{0}, Quantity{0}, ts));
    const Quantity delta = a.type == MovementType::kCount ? a.quantity - level.on_hand : a.quantity;
    if (level.on_hand + delta < 0)
      return conflict("stock cannot go below zero: on hand " + std::to_string(level.on_hand) +
                          ", change " + std::to_string(delta),
                      "quantity");
    level = read_stock(txn.exec_prepared1("stock_set_on_hand", a.product_id, a.location_id,
                                          level.on_hand + delta, ts));
    insert_movement(txn, {0, a.product_id, a.location_id, a.type, delta, a.reason, std::nullopt,
                          std::nullopt, ts});
    nlohmann::json payload = {{"product_id", a.product_id},
                              {"location_id", a.location_id},
                              {"type", std::string(to_string(a.type))},
                              {"quantity", delta},
                              {"on_hand", level.on_hand},
                              {"reason", a.reason}};
    append_outbox(txn, "stock.adjusted", "stock", a.product_id, payload.dump(), ts);
    return level;
  });
}

Result<Page<StockMovement>> PostgresStore::list_movements(const MovementFilter& f,
                                                          const PageRequest& p) {
  Where where;
  if (f.product_id) where.add("product_id = $?", *f.product_id);
  if (f.location_id) where.add("location_id = $?", *f.location_id);
  if (f.type) where.add("type = $?", std::string(to_string(*f.type)));
  if (f.from) where.add("at >= $?", *f.from);
  if (f.to) where.add("at < $?", *f.to);
  return transact([&](pqxx::work& txn) {
    return fetch_page(txn, "stock_movements", kMovementCols, where, p, read_movement);
  });
}

// --- purchase orders

Result<PurchaseOrder> PostgresStore::create_purchase_order(const PurchaseOrder& in) {
  OIIS_RETURN_IF_ERROR(validate(in));
  if (in.status != PurchaseOrderStatus::kOrdered && in.status != PurchaseOrderStatus::kDraft)
    return invalid_argument("a new purchase order is ordered or draft", "status");
  return transact([&](pqxx::work& txn) -> Result<PurchaseOrder> {
    PurchaseOrder po = in;
    auto location =
        resolve_location(txn, in.location_id ? std::optional(in.location_id) : std::nullopt);
    if (!location) return location.status();
    po.location_id = *location;
    for (size_t i = 0; i < po.lines.size(); ++i)
      if (txn.exec_prepared("product_get", po.lines[i].product_id).empty())
        return not_found("product " + std::to_string(po.lines[i].product_id) + " not found",
                         line_field(i, "product_id"));
    po.created_at = po.created_at ? po.created_at : now_utc();
    po.received_at.reset();
    po.id = exec_values(txn, "po_insert", purchase_order_values(po))[0][0].as<Id>();
    for (auto& l : po.lines) {
      l.purchase_order_id = po.id;
      l.received_quantity = 0;
      l.id = exec_values(txn, "po_line_insert", po_line_values(l))[0][0].as<Id>();
    }
    if (po.status == PurchaseOrderStatus::kOrdered) raise_on_order(txn, po, po.created_at);
    append_outbox(txn, "purchase_order.created", "purchase_order", po.id, po_payload(po).dump(),
                  po.created_at);
    return po;
  });
}

Result<PurchaseOrder> PostgresStore::get_purchase_order(Id id) {
  return transact([&](pqxx::work& txn) { return load_purchase_order(txn, id); });
}

Result<Page<PurchaseOrder>> PostgresStore::list_purchase_orders(const PurchaseOrderFilter& f,
                                                                const PageRequest& p) {
  Where where;
  if (f.supplier_id) where.add("supplier_id = $?", *f.supplier_id);
  if (f.status) where.add("status = $?", std::string(to_string(*f.status)));
  return transact([&](pqxx::work& txn) -> Result<Page<PurchaseOrder>> {
    auto page =
        fetch_page(txn, "purchase_orders", kPurchaseOrderCols, where, p, read_purchase_order);
    if (!page) return page;
    for (auto& po : page->items)
      for (const auto& row : txn.exec_prepared("po_lines_of", po.id))
        po.lines.push_back(read_po_line(row));
    return page;
  });
}

Result<PurchaseOrder> PostgresStore::submit_purchase_order(Id id) {
  return transact([&](pqxx::work& txn) -> Result<PurchaseOrder> {
    auto po = load_purchase_order(txn, id, "po_lock");
    if (!po) return po;
    if (po->status != PurchaseOrderStatus::kDraft)
      return failed_precondition("only a draft purchase order can be submitted (it is " +
                                     std::string(to_string(po->status)) + ")",
                                 "status");
    const Timestamp now = now_utc();
    po->status = PurchaseOrderStatus::kOrdered;
    txn.exec_prepared("po_set_status", id, std::string(to_string(po->status)),
                      std::optional<Timestamp>());
    raise_on_order(txn, *po, now);
    append_outbox(txn, "purchase_order.ordered", "purchase_order", id, po_payload(*po).dump(), now);
    return po;
  });
}

Result<PurchaseOrder> PostgresStore::receive_purchase_order(Id id,
                                                            const std::vector<ReceiptLine>& lines,
                                                            std::optional<Timestamp> at) {
  if (lines.empty()) return invalid_argument("nothing to receive", "lines");
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].quantity <= 0)
      return invalid_argument("quantity must be positive", line_field(i, "quantity"));
  return transact([&](pqxx::work& txn) -> Result<PurchaseOrder> {
    auto po = load_purchase_order(txn, id, "po_lock");
    if (!po) return po;
    if (po->status != PurchaseOrderStatus::kOrdered &&
        po->status != PurchaseOrderStatus::kPartiallyReceived)
      return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                     std::string(to_string(po->status)) + "; nothing to receive",
                                 "status");
    auto allocations = allocate_receipt(*po, lines);
    if (!allocations) return allocations.status();
    const Timestamp ts = at.value_or(now_utc());
    for (const auto& [j, quantity] : *allocations) {
      const auto& l = po->lines[j];
      txn.exec_prepared("po_line_set_received", l.id, l.received_quantity);
      txn.exec_prepared("stock_receive", l.product_id, po->location_id, quantity, Quantity{0}, ts);
      insert_movement(txn, {0, l.product_id, po->location_id, MovementType::kReceipt, quantity,
                            "purchase order receipt", std::nullopt, id, ts});
    }
    bool complete = true;
    for (const auto& l : po->lines) complete = complete && l.received_quantity >= l.quantity;
    po->status =
        complete ? PurchaseOrderStatus::kReceived : PurchaseOrderStatus::kPartiallyReceived;
    if (complete) po->received_at = ts;
    txn.exec_prepared("po_set_status", id, std::string(to_string(po->status)), po->received_at);
    append_outbox(txn, "purchase_order.received", "purchase_order", id, po_payload(*po).dump(), ts);
    return po;
  });
}

}  // namespace oiis::pg
