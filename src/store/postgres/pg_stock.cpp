// PostgreSQL Store: stock levels, movements and purchase orders, the reads and lists (their
// changes run through the shared rules: pg_rules.cpp).
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {
namespace {

// Decodes "<product_id>:<location_id>", the stock list's cursor.
Result<std::pair<Id, Id>> decode_stock_cursor(const std::string& cursor) {
  auto colon = cursor.find(':');
  if (colon == std::string::npos) return invalid_argument("malformed cursor", "cursor");
  auto product = decode_cursor(cursor.substr(0, colon));
  auto location = decode_cursor(cursor.substr(colon + 1));
  if (!product || !location) return invalid_argument("malformed cursor", "cursor");
  return std::make_pair(*product, *location);
}

}  // namespace

Result<PurchaseOrder> load_purchase_order(pqxx::work& txn, Id id, const char* statement) {
  auto po = first_or_not_found(txn.exec_prepared(statement, id), read_purchase_order,
                               "purchase order", id);
  if (!po) return po;
  for (const auto& row : txn.exec_prepared("po_lines_of", id))
    po->lines.push_back(read_po_line(row));
  return po;
}

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

}  // namespace oiis::pg
