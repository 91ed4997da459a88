// Stock changes made by hand and the purchase-order life cycle, for every backend (see
// store_rules.h).
#include <algorithm>

#include "domain/validation.h"
#include "store/request_checks.h"
#include "store/rules/outbox_events.h"
#include "store/rules/rule_support.h"
#include "store/rules/store_rules.h"

namespace oiis::store_rules {
namespace {

using store_checks::line_field;

// Raises on_order by every line's outstanding units (the purchase order is now on its way).
void raise_on_order(RowOps& rows, const PurchaseOrder& po, Timestamp at) {
  for (const auto& l : po.lines)
    rows.add_stock(l.product_id, po.location_id, 0, l.quantity - l.received_quantity, at);
}

Status check_purchase_order_refs(RowOps& rows, const PurchaseOrder& po) {
  if (!rows.supplier_exists(po.supplier_id))
    return missing("supplier", po.supplier_id, "supplier_id");
  for (size_t i = 0; i < po.lines.size(); ++i)
    if (!rows.product_exists(po.lines[i].product_id))
      return missing("product", po.lines[i].product_id, line_field(i, "product_id"));
  return Status::ok();
}

Quantity outstanding_units(const PurchaseOrder& po, Id product_id) {
  Quantity outstanding = 0;
  for (const auto& pl : po.lines)
    if (pl.product_id == product_id) outstanding += pl.quantity - pl.received_quantity;
  return outstanding;
}

// Books `lines` against the PO's outstanding quantities in memory (a product may appear on
// several PO lines: earliest first); fails naming the receipt line that asks for a product not
// on the PO or for more than is outstanding. Nothing is written until all of it checks out.
Status allocate_receipt(PurchaseOrder& po, const std::vector<ReceiptLine>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const Id product_id = lines[i].product_id;
    bool on_po = std::any_of(po.lines.begin(), po.lines.end(),
                             [&](const auto& pl) { return pl.product_id == product_id; });
    if (!on_po)
      return invalid_argument("product " + std::to_string(product_id) +
                                  " is not on purchase order " + std::to_string(po.id),
                              line_field(i, "product_id"));
    const Quantity outstanding = outstanding_units(po, product_id);
    if (lines[i].quantity > outstanding)
      return invalid_argument("receiving " + std::to_string(lines[i].quantity) +
                                  " units but only " + std::to_string(outstanding) +
                                  " are outstanding",
                              line_field(i, "quantity"));
    Quantity left = lines[i].quantity;
    for (auto& pl : po.lines) {
      if (pl.product_id != product_id || left == 0) continue;
      Quantity take = std::min(left, pl.quantity - pl.received_quantity);
      pl.received_quantity += take;
      left -= take;
    }
  }
  return Status::ok();
}

// Writes an allocated receipt: the PO lines' received quantities, then per receipt line
// on_hand up, on_order down and a receipt movement; the PO is received once nothing is left.
void book_receipt(RowOps& rows, PurchaseOrder& po, const std::vector<ReceiptLine>& lines,
                  Timestamp at) {
  for (const auto& pl : po.lines) rows.update_received_quantity(pl.id, pl.received_quantity);
  std::vector<StockMovement> booked;
  for (const auto& r : lines) {
    rows.add_stock(r.product_id, po.location_id, r.quantity, -r.quantity, at);
    booked.push_back(StockMovement{0, r.product_id, po.location_id, MovementType::kReceipt,
                                   r.quantity, "purchase order receipt", std::nullopt, po.id, at});
    rows.insert_movement(booked.back());
  }
  rows.insert_outbox_event(stock_changed_event(po.location_id, booked, at));
  const bool complete = std::all_of(po.lines.begin(), po.lines.end(), [](const auto& pl) {
    return pl.received_quantity >= pl.quantity;
  });
  po.status = complete ? PurchaseOrderStatus::kReceived : PurchaseOrderStatus::kPartiallyReceived;
  if (complete) po.received_at = at;
  rows.update_purchase_order_status(po.id, po.status, po.received_at);
}

}  // namespace

Result<StockLevel> adjust_stock(RowOps& rows, const StockAdjustment& a) {
  if (!rows.product_exists(a.product_id)) return missing("product", a.product_id, "product_id");
  if (!rows.location_exists(a.location_id))
    return missing("location", a.location_id, "location_id");
  const Timestamp at = operation_time(a.at);
  StockLevel level = rows.lock_stock_level(a.product_id, a.location_id, at);
  const Quantity delta = a.type == MovementType::kCount ? a.quantity - level.on_hand : a.quantity;
  if (level.on_hand + delta < 0)
    return conflict("on_hand of product " + std::to_string(a.product_id) + " would drop below " +
                        "zero (on hand " + std::to_string(level.on_hand) + ", change " +
                        std::to_string(delta) + ")",
                    "quantity");
  rows.add_stock(a.product_id, a.location_id, delta, 0, at);
  const StockMovement move{0,     a.product_id, a.location_id, a.type, delta, a.reason,
                           std::nullopt, std::nullopt, at};
  rows.insert_movement(move);
  level.on_hand += delta;
  level.updated_at = at;
  rows.insert_outbox_event(stock_adjusted_event(a, delta, level.on_hand, at));
  rows.insert_outbox_event(stock_changed_event(a.location_id, {move}, at));
  return level;
}

Status check_new_purchase_order(const PurchaseOrder& po) {
  OIIS_RETURN_IF_ERROR(validate(po));
  if (po.status != PurchaseOrderStatus::kDraft && po.status != PurchaseOrderStatus::kOrdered)
    return invalid_argument("a new purchase order is draft or ordered", "status");
  return Status::ok();
}

Result<PurchaseOrder> create_purchase_order(RowOps& rows, const PurchaseOrder& in) {
  OIIS_RETURN_IF_ERROR(check_purchase_order_refs(rows, in));
  PurchaseOrder po = in;
  po.id = 0;
  auto location =
      resolve_location(rows, in.location_id != 0 ? std::optional(in.location_id) : std::nullopt);
  if (!location) return location.status();
  po.location_id = *location;
  // A purchase order's time is its created_at (given, else now).
  po.created_at = operation_time(in.created_at != 0 ? std::optional(in.created_at) : std::nullopt);
  po.received_at.reset();
  po.id = rows.insert_purchase_order(po);
  for (auto& line : po.lines) {
    line.purchase_order_id = po.id;
    line.id = 0;
    line.received_quantity = 0;
    line.id = rows.insert_purchase_order_line(line);
  }
  if (po.status == PurchaseOrderStatus::kOrdered) raise_on_order(rows, po, po.created_at);
  rows.insert_outbox_event(purchase_order_event("created", po, po.created_at));
  if (po.status == PurchaseOrderStatus::kDraft)
    rows.insert_outbox_event(reorder_suggested_event(po, po.created_at));
  return po;
}

// The purchase order, locked, when it is still a draft; kFailedPrecondition naming "status"
// (what `doing` needs) otherwise.
Result<PurchaseOrder> lock_draft(RowOps& rows, Id id, const char* doing) {
  auto po = rows.lock_purchase_order(id);
  if (po && po->status != PurchaseOrderStatus::kDraft)
    return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                   std::string(to_string(po->status)) + ": only a draft can be " + doing,
                               "status");
  return po;
}

Result<PurchaseOrder> submit_purchase_order(RowOps& rows, Id id) {
  auto po = lock_draft(rows, id, "submitted");
  if (!po) return po;
  const Timestamp at = operation_time(std::nullopt);  // a submission gives no time of its own
  po->status = PurchaseOrderStatus::kOrdered;
  rows.update_purchase_order_status(id, po->status, po->received_at);
  raise_on_order(rows, *po, at);
  rows.insert_outbox_event(purchase_order_event("ordered", *po, at));
  return po;
}

Status check_revision(const std::vector<PurchaseOrderLineChange>& changes) {
  if (changes.empty()) return invalid_argument("no line to change", "lines");
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].quantity < 0)
      return invalid_argument("quantity must be 0 (drop the line) or more", line_field(i, "quantity"));
    for (size_t j = 0; j < i; ++j)
      if (changes[j].line_id == changes[i].line_id)
        return invalid_argument("line " + std::to_string(changes[i].line_id) + " is changed twice", line_field(i, "id"));
  }
  return Status::ok();
}

Result<PurchaseOrder> revise_purchase_order(RowOps& rows, Id id,
                                            const std::vector<PurchaseOrderLineChange>& changes) {
  auto po = lock_draft(rows, id, "changed");
  if (!po) return po;
  // Applied in memory first, so that a bad line leaves every row as it was.
  for (size_t i = 0; i < changes.size(); ++i) {
    auto line = std::find_if(po->lines.begin(), po->lines.end(),
                             [&](const auto& l) { return l.id == changes[i].line_id; });
    if (line == po->lines.end())
      return invalid_argument("line " + std::to_string(changes[i].line_id) + " is not on purchase order " +
                                  std::to_string(id),
                              line_field(i, "id"));
    line->quantity = changes[i].quantity;
  }
  if (std::none_of(po->lines.begin(), po->lines.end(), [](const auto& l) { return l.quantity > 0; }))
    return invalid_argument("a purchase order keeps at least one line: reject it instead", "lines");
  for (const auto& c : changes) {
    if (c.quantity == 0) rows.delete_purchase_order_line(c.line_id);
    else rows.update_line_quantity(c.line_id, c.quantity);
  }
  std::erase_if(po->lines, [](const auto& l) { return l.quantity == 0; });
  rows.insert_outbox_event(purchase_order_event("revised", *po, operation_time(std::nullopt)));
  return po;
}

Status check_receipt(const std::vector<ReceiptLine>& lines) {
  if (lines.empty()) return invalid_argument("nothing to receive", "lines");
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].quantity <= 0)
      return invalid_argument("quantity must be positive", line_field(i, "quantity"));
  return Status::ok();
}

Result<PurchaseOrder> receive_purchase_order(RowOps& rows, Id id,
                                             const std::vector<ReceiptLine>& lines,
                                             std::optional<Timestamp> at) {
  auto po = rows.lock_purchase_order(id);
  if (!po) return po;
  if (po->status != PurchaseOrderStatus::kOrdered &&
      po->status != PurchaseOrderStatus::kPartiallyReceived)
    return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                   std::string(to_string(po->status)) + " and cannot be received",
                               "status");
  OIIS_RETURN_IF_ERROR(allocate_receipt(*po, lines));
  const Timestamp when = operation_time(at);
  book_receipt(rows, *po, lines, when);
  rows.insert_outbox_event(purchase_order_event("received", *po, when));
  return po;
}

}  // namespace oiis::store_rules
