#include "store/rules/rule_driven_store.h"

#include "store/request_checks.h"
#include "store/rules/store_rules.h"

namespace oiis::store_rules {

// Checks that need no database run before this, so a bad request costs no transaction.
template <typename T, typename Rule>
Result<T> RuleDrivenStore::run_rule(Rule rule) {
  std::optional<Result<T>> result;  // the last attempt's
  Status status = run_in_transaction([&](RowOps& rows) -> Status {
    result.emplace(rule(rows));
    return result->status();
  });
  if (!status.is_ok()) return status;
  return std::move(*result);
}

Result<PlacedOrder> RuleDrivenStore::place_order(const OrderRequest& r) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_order_request(r));
  return run_rule<PlacedOrder>(
      [&](RowOps& rows) { return store_rules::place_order(rows, r, options_); });
}

Result<Order> RuleDrivenStore::set_order_status(Id id, OrderStatus to,
                                                std::optional<Timestamp> at) {
  return run_rule<Order>(
      [&](RowOps& rows) { return store_rules::set_order_status(rows, id, to, at); });
}

Result<StockLevel> RuleDrivenStore::adjust_stock(const StockAdjustment& a) {
  OIIS_RETURN_IF_ERROR(store_checks::validate_stock_adjustment(a));
  return run_rule<StockLevel>([&](RowOps& rows) { return store_rules::adjust_stock(rows, a); });
}

Result<PurchaseOrder> RuleDrivenStore::create_purchase_order(const PurchaseOrder& po) {
  OIIS_RETURN_IF_ERROR(check_new_purchase_order(po));
  return run_rule<PurchaseOrder>(
      [&](RowOps& rows) { return store_rules::create_purchase_order(rows, po); });
}

Result<PurchaseOrder> RuleDrivenStore::submit_purchase_order(Id id) {
  return run_rule<PurchaseOrder>(
      [&](RowOps& rows) { return store_rules::submit_purchase_order(rows, id); });
}

Result<PurchaseOrder> RuleDrivenStore::revise_purchase_order(
    Id id, const std::vector<PurchaseOrderLineChange>& changes) {
  OIIS_RETURN_IF_ERROR(check_revision(changes));
  return run_rule<PurchaseOrder>(
      [&](RowOps& rows) { return store_rules::revise_purchase_order(rows, id, changes); });
}

Result<PurchaseOrder> RuleDrivenStore::receive_purchase_order(
    Id id, const std::vector<ReceiptLine>& lines, std::optional<Timestamp> at) {
  OIIS_RETURN_IF_ERROR(check_receipt(lines));
  return run_rule<PurchaseOrder>(
      [&](RowOps& rows) { return store_rules::receive_purchase_order(rows, id, lines, at); });
}

}  // namespace oiis::store_rules
