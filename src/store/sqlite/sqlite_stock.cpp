// Stock levels, manual adjustments and purchase orders.
#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

#include "common/time.h"
#include "domain/validation.h"
#include "store/request_checks.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {
namespace {

using store_checks::line_field;

// Stock pages are keyed by (product_id, location_id); the cursor is "product_id:location_id".
struct StockCursor {
  Id product_id = 0;
  Id location_id = 0;
};

Result<StockCursor> parse_stock_cursor(const std::string& cursor) {
  StockCursor out;
  if (cursor.empty()) return out;
  const char* end = cursor.data() + cursor.size();
  auto first = std::from_chars(cursor.data(), end, out.product_id);
  if (first.ec != std::errc() || first.ptr == end || *first.ptr != ':')
    return invalid_argument("malformed cursor", "cursor");
  auto second = std::from_chars(first.ptr + 1, end, out.location_id);
  if (second.ec != std::errc() || second.ptr != end)
    return invalid_argument("malformed cursor", "cursor");
  return out;
}

Status check_stock_keys(Connection& c, Id product_id, Id location_id) {
  if (!exists<Product>(c, product_id))
    return not_found("product " + std::to_string(product_id) + " not found", "product_id");
  if (!exists<Location>(c, location_id))
    return not_found("location " + std::to_string(location_id) + " not found", "location_id");
  return Status::ok();
}

void record_movement(Connection& c, const StockMovement& m) {
  insert_row(c, m);
}

std::string po_event_payload(const PurchaseOrder& po) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : po.lines)
    lines.push_back({{"product_id", l.product_id},
                     {"quantity", l.quantity},
                     {"received_quantity", l.received_quantity}});
  return nlohmann::json{{"purchase_order_id", po.id},
                        {"supplier_id", po.supplier_id},
                        {"location_id", po.location_id},
                        {"status", to_string(po.status)},
                        {"lines", std::move(lines)}}
      .dump();
}

// Raises on_order by every line's quantity (the PO is now on its way).
void raise_on_order(Connection& c, const PurchaseOrder& po, Timestamp at) {
  for (const auto& l : po.lines) add_stock(c, l.product_id, po.location_id, 0, l.quantity, at);
}

Status check_purchase_order_refs(Connection& c, const PurchaseOrder& po) {
  if (!exists<Supplier>(c, po.supplier_id))
    return not_found("supplier " + std::to_string(po.supplier_id) + " not found", "supplier_id");
  for (size_t i = 0; i < po.lines.size(); ++i)
    if (!exists<Product>(c, po.lines[i].product_id))
      return not_found("product " + std::to_string(po.lines[i].product_id) + " not found",
                       line_field(i, "product_id"));
  return Status::ok();
}

// Books `lines` against the PO's outstanding quantities in memory (earliest PO line first);
// fails naming the receipt line that asks for more than is outstanding.
Status allocate_receipt(PurchaseOrder& po, const std::vector<ReceiptLine>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    Quantity outstanding = 0;
    for (const auto& pl : po.lines)
      if (pl.product_id == lines[i].product_id) outstanding += pl.quantity - pl.received_quantity;
    bool on_po = std::any_of(po.lines.begin(), po.lines.end(),
                             [&](const auto& pl) { return pl.product_id == lines[i].product_id; });
    if (!on_po)
      return invalid_argument("product " + std::to_string(lines[i].product_id) +
                                  " is not on purchase order " + std::to_string(po.id),
                              line_field(i, "product_id"));
    if (lines[i].quantity > outstanding)
      return invalid_argument("receiving " + std::to_string(lines[i].quantity) +
                                  " units but only " + std::to_string(outstanding) +
                                  " are outstanding",
                              line_field(i, "quantity"));
    Quantity left = lines[i].quantity;
    for (auto& pl : po.lines) {
      if (pl.product_id != lines[i].product_id || left == 0) continue;
      Quantity take = std::min(left, pl.quantity - pl.received_quantity);
      pl.received_quantity += take;
      left -= take;
    }
  }
  return Status::ok();
}

}  // namespace

// ---------------------------------------------------------------- shared helpers

void add_stock(Connection& c, Id product_id, Id location_id, Quantity on_hand_delta,
               Quantity on_order_delta, Timestamp at) {
  c.run(
      "INSERT INTO stock_levels (product_id, location_id, on_hand, reserved, on_order, updated_at) "
      "VALUES (?1, ?2, ?3, 0, max(?4, 0), ?5) ON CONFLICT (product_id, location_id) DO UPDATE SET "
      "on_hand = on_hand + ?3, on_order = max(on_order + ?4, 0), updated_at = ?5",
      product_id, location_id, on_hand_delta, on_order_delta, at);
}

Result<StockLevel> load_stock(Connection& c, Id product_id, Id location_id) {
  static const std::string sql = "SELECT " + std::string(Mapping<StockLevel>::kColumns) +
                                 " FROM stock_levels WHERE product_id = ?1 AND location_id = ?2";
  auto s = c.prepare(sql);
  s->bind_all(product_id, location_id);
  if (s->step()) return Mapping<StockLevel>::read(*s);
  OIIS_RETURN_IF_ERROR(check_stock_keys(c, product_id, location_id));
  StockLevel empty;  // a known product never stocked at a known location: all zero
  empty.product_id = product_id;
  empty.location_id = location_id;
  return empty;
}

Result<PurchaseOrder> load_purchase_order(Connection& c, Id id) {
  auto po = read_by_id<PurchaseOrder>(c, id);
  if (!po) return po;
  static const std::string sql =
      "SELECT " + std::string(Mapping<PurchaseOrderLine>::kColumns) +
      " FROM purchase_order_lines WHERE purchase_order_id = ?1 ORDER BY id";
  auto s = c.prepare(sql);
  s->bind(1, id);
  while (s->step()) po->lines.push_back(Mapping<PurchaseOrderLine>::read(*s));
  return po;
}

// ---------------------------------------------------------------- stock

Result<StockLevel> SqliteStore::get_stock(Id product_id, Id location_id) {
  return read([&](Connection& c) { return load_stock(c, product_id, location_id); });
}

Result<Page<StockLevel>> SqliteStore::list_stock(const StockFilter& f, const PageRequest& p) {
  auto bounds = page_bounds(PageRequest{"", p.limit});
  auto after = parse_stock_cursor(p.cursor);
  if (!after) return after.status();
  Conditions where;
  if (f.product_id) where.add("product_id = ?", *f.product_id);
  if (f.location_id) where.add("location_id = ?", *f.location_id);
  if (f.max_available) where.add("on_hand - reserved <= ?", *f.max_available);
  where.add("(product_id, location_id) > (?, ?)", after->product_id, after->location_id);
  where.add_value(std::int64_t{bounds->limit} + 1);
  std::string sql = "SELECT " + std::string(Mapping<StockLevel>::kColumns) + " FROM stock_levels" +
                    where.sql() + " ORDER BY product_id, location_id LIMIT ?";
  return read([&](Connection& c) -> Result<Page<StockLevel>> {
    auto s = c.prepare(sql);
    where.bind(*s);
    Page<StockLevel> page;
    while (s->step()) page.items.push_back(Mapping<StockLevel>::read(*s));
    if (static_cast<int>(page.items.size()) > bounds->limit) {
      page.items.pop_back();
      const auto& last = page.items.back();
      page.next_cursor = std::to_string(last.product_id) + ":" + std::to_string(last.location_id);
    }
    return page;
  });
}

Result<StockLevel> SqliteStore::adjust_stock(const StockAdjustment& a) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_stock_adjustment(a));
  Timestamp at = a.at.value_or(now_utc());
  return write([&](Connection& c) -> Result<StockLevel> {
    auto level = load_stock(c, a.product_id, a.location_id);
    if (!level) return level.status();
    Quantity delta = a.type == MovementType::kCount ? a.quantity - level->on_hand : a.quantity;
    if (level->on_hand + delta < 0)
      return conflict("on_hand of product " + std::to_string(a.product_id) + " would drop below " +
                          "zero (on hand " + std::to_string(level->on_hand) + ", change " +
                          std::to_string(delta) + ")",
                      "quantity");
    add_stock(c, a.product_id, a.location_id, delta, 0, at);
    record_movement(c, StockMovement{0, a.product_id, a.location_id, a.type, delta, a.reason,
                                     std::nullopt, std::nullopt, at});
    nlohmann::json payload = {{"product_id", a.product_id},
                              {"location_id", a.location_id},
                              {"type", to_string(a.type)},
                              {"quantity", delta},
                              {"on_hand", level->on_hand + delta}};
    append_event(c, "stock.adjusted", "stock", a.product_id, payload.dump(), at);
    return load_stock(c, a.product_id, a.location_id);
  });
}

Result<Page<StockMovement>> SqliteStore::list_movements(const MovementFilter& f,
                                                        const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where;
  if (f.product_id) where.add("product_id = ?", *f.product_id);
  if (f.location_id) where.add("location_id = ?", *f.location_id);
  if (f.type) where.add("type = ?", std::string(to_string(*f.type)));
  if (f.from) where.add("at >= ?", *f.from);
  if (f.to) where.add("at < ?", *f.to);
  return read([&](Connection& c) -> Result<Page<StockMovement>> {
    return read_page<StockMovement>(c, where, *bounds);
  });
}

// ---------------------------------------------------------------- purchase orders

Result<PurchaseOrder> SqliteStore::create_purchase_order(const PurchaseOrder& po) {
  OIIS_RETURN_IF_ERROR(validate(po));
  if (po.status != PurchaseOrderStatus::kDraft && po.status != PurchaseOrderStatus::kOrdered)
    return invalid_argument("a new purchase order is draft or ordered", "status");
  Timestamp now = now_utc();
  return write([&](Connection& c) -> Result<PurchaseOrder> {
    OIIS_RETURN_IF_ERROR(check_purchase_order_refs(c, po));
    PurchaseOrder row = po;
    row.id = 0;
    row.received_at.reset();
    if (row.created_at == 0) row.created_at = now;
    if (row.location_id == 0) {
      auto first = default_location(c);
      if (!first) return failed_precondition("no location exists yet", "location_id");
      row.location_id = *first;
    } else if (!exists<Location>(c, row.location_id)) {
      return not_found("location " + std::to_string(row.location_id) + " not found", "location_id");
    }
    row.id = insert_row(c, row);
    for (auto& line : row.lines) {
      line.purchase_order_id = row.id;
      line.received_quantity = 0;
      line.id = 0;
      line.id = insert_row(c, line);
    }
    if (row.status == PurchaseOrderStatus::kOrdered) raise_on_order(c, row, now);
    append_event(c, "purchase_order.created", "purchase_order", row.id, po_event_payload(row), now);
    return row;
  });
}

Result<PurchaseOrder> SqliteStore::get_purchase_order(Id id) {
  return read([&](Connection& c) { return load_purchase_order(c, id); });
}

Result<Page<PurchaseOrder>> SqliteStore::list_purchase_orders(const PurchaseOrderFilter& f,
                                                              const PageRequest& p) {
  auto bounds = page_bounds(p);
  if (!bounds) return bounds.status();
  Conditions where;
  if (f.supplier_id) where.add("supplier_id = ?", *f.supplier_id);
  if (f.status) where.add("status = ?", std::string(to_string(*f.status)));
  return read([&](Connection& c) -> Result<Page<PurchaseOrder>> {
    auto page = read_page<PurchaseOrder>(c, where, *bounds);
    for (auto& po : page.items) {
      auto full = load_purchase_order(c, po.id);
      if (full) po = std::move(*full);
    }
    return page;
  });
}

Result<PurchaseOrder> SqliteStore::submit_purchase_order(Id id) {
  Timestamp now = now_utc();
  return write([&](Connection& c) -> Result<PurchaseOrder> {
    auto po = load_purchase_order(c, id);
    if (!po) return po;
    if (po->status != PurchaseOrderStatus::kDraft)
      return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                     std::string(to_string(po->status)) + ", not draft",
                                 "status");
    po->status = PurchaseOrderStatus::kOrdered;
    c.run("UPDATE purchase_orders SET status = ?2 WHERE id = ?1", id, to_string(po->status));
    raise_on_order(c, *po, now);
    append_event(c, "purchase_order.ordered", "purchase_order", id, po_event_payload(*po), now);
    return po;
  });
}

Result<PurchaseOrder> SqliteStore::receive_purchase_order(Id id,
                                                          const std::vector<ReceiptLine>& lines,
                                                          std::optional<Timestamp> at) {
  if (lines.empty()) return invalid_argument("nothing to receive", "lines");
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].quantity <= 0)
      return invalid_argument("quantity must be positive", line_field(i, "quantity"));
  Timestamp when = at.value_or(now_utc());
  return write([&](Connection& c) -> Result<PurchaseOrder> {
    auto po = load_purchase_order(c, id);
    if (!po) return po;
    if (po->status != PurchaseOrderStatus::kOrdered &&
        po->status != PurchaseOrderStatus::kPartiallyReceived)
      return failed_precondition("purchase order " + std::to_string(id) + " is " +
                                     std::string(to_string(po->status)) + " and cannot be received",
                                 "status");
    OIIS_RETURN_IF_ERROR(allocate_receipt(*po, lines));
    for (const auto& pl : po->lines)
      c.run("UPDATE purchase_order_lines SET received_quantity = ?2 WHERE id = ?1", pl.id,
            pl.received_quantity);
    for (const auto& r : lines) {
      add_stock(c, r.product_id, po->location_id, r.quantity, -r.quantity, when);
      record_movement(
          c, StockMovement{0, r.product_id, po->location_id, MovementType::kReceipt, r.quantity,
                           "purchase order receipt", std::nullopt, id, when});
    }
    bool complete = std::all_of(po->lines.begin(), po->lines.end(),
                                [](const auto& pl) { return pl.received_quantity >= pl.quantity; });
    po->status =
        complete ? PurchaseOrderStatus::kReceived : PurchaseOrderStatus::kPartiallyReceived;
    if (complete) po->received_at = when;
    c.run("UPDATE purchase_orders SET status = ?2, received_at = ?3 WHERE id = ?1", id,
          to_string(po->status), po->received_at);
    append_event(c, "purchase_order.received", "purchase_order", id, po_event_payload(*po), when);
    return po;
  });
}

}  // namespace oiis::sqlite
