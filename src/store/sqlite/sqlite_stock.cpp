// Stock levels, movements and purchase orders: the reads and lists (their changes run through
// the shared rules: sqlite_rules.cpp).
#include <charconv>

#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {
namespace {

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

}  // namespace oiis::sqlite
