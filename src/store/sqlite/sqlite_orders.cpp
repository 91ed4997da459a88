// Order placement and the order life cycle: the shared rules (store/rules) over SQLite rows,
// run on the writer thread.
#include "store/request_checks.h"
#include "store/rules/store_rules.h"
#include "store/sqlite/sqlite_row_ops.h"
#include "store/sqlite/sqlite_store_impl.h"

namespace oiis::sqlite {

Result<PlacedOrder> SqliteStore::place_order(const OrderRequest& r) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_order_request(r));
  return write([&](Connection& c) {
    SqliteRowOps rows(c);
    return store_rules::place_order(rows, r, options_);
  });
}

Result<Order> SqliteStore::set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at) {
  return write([&](Connection& c) {
    SqliteRowOps rows(c);
    return store_rules::set_order_status(rows, id, to, at);
  });
}

}  // namespace oiis::sqlite
