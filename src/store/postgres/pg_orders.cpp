// PostgreSQL Store: reading orders (placing and moving them runs through the shared rules:
// pg_rules.cpp).
#include <unordered_map>

#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace oiis::pg {

Result<Order> load_order(pqxx::work& txn, Id id, const char* statement) {
  auto order = first_or_not_found(txn.exec_prepared(statement, id), read_order, "order", id);
  if (!order) return order;
  std::vector<Order> one{std::move(order).value()};
  attach_order_lines(txn, one);
  return std::move(one[0]);
}

void attach_order_lines(pqxx::work& txn, std::vector<Order>& orders) {
  if (orders.empty()) return;
  std::unordered_map<Id, Order*> by_id;
  std::string ids = "{";
  for (auto& o : orders) {
    by_id[o.id] = &o;
    ids += (ids.size() > 1 ? "," : "") + std::to_string(o.id);
  }
  ids += "}";
  auto rows = txn.exec_params(std::string("SELECT ") + kOrderLineCols +
                                  " FROM order_lines WHERE order_id = ANY($1::bigint[]) "
                                  "ORDER BY order_id, id",
                              ids);
  for (const auto& row : rows) {
    OrderLine line = read_order_line(row);
    by_id.at(line.order_id)->lines.push_back(std::move(line));
  }
}

Result<Order> PostgresStore::get_order(Id id) {
  return transact([&](pqxx::work& txn) { return load_order(txn, id); });
}

namespace {
Where order_where(const OrderFilter& f) {
  Where where;
  if (f.customer_id) where.add("customer_id = $?", *f.customer_id);
  if (f.status) where.add("status = $?", std::string(to_string(*f.status)));
  if (f.channel) where.add("channel = $?", *f.channel);
  if (f.placed_from) where.add("placed_at >= $?", *f.placed_from);
  if (f.placed_to) where.add("placed_at < $?", *f.placed_to);
  return where;
}
}  // namespace

Result<Page<Order>> PostgresStore::list_orders(const OrderFilter& f, const PageRequest& p) {
  return transact([&](pqxx::work& txn) {
    auto page = fetch_page(txn, "orders", kOrderCols, order_where(f), p, read_order);
    if (page) attach_order_lines(txn, page->items);
    return page;
  });
}

Status PostgresStore::scan_orders(const OrderFilter& f,
                                  const std::function<bool(const Order&)>& fn) {
  // Keyset batches, each in its own short transaction; `fn` runs with no connection held so
  // it may call back into the store.
  PageRequest p{"", 1000};
  const Where where = order_where(f);
  do {
    auto page = transact([&](pqxx::work& txn) {
      auto batch = fetch_page(txn, "orders", kOrderCols, where, p, read_order);
      if (batch) attach_order_lines(txn, batch->items);
      return batch;
    });
    if (!page) return page.status();
    for (const auto& o : page->items)
      if (!fn(o)) return Status::ok();
    p.cursor = page->next_cursor;
  } while (!p.cursor.empty());
  return Status::ok();
}

}  // namespace oiis::pg
