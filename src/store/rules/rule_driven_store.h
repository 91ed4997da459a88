// A Store whose rule-driven writes (placing and moving orders, adjusting stock, the
// purchase-order life cycle) are the shared business rules (store_rules.h) run over the
// backend's rows. A backend derives from it, implements RowOps over its own transaction and
// run_in_transaction, and keeps only SQL: reads, lists, catalogue writes and bulk loading.
// Callers see a plain Store.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "store/rules/row_ops.h"
#include "store/store.h"

namespace oiis::store_rules {

class RuleDrivenStore : public Store {
 public:
  explicit RuleDrivenStore(const StoreOptions& options) : options_(options) {}

  Result<PlacedOrder> place_order(const OrderRequest& r) final;
  Result<Order> set_order_status(Id id, OrderStatus to, std::optional<Timestamp> at) final;
  Result<StockLevel> adjust_stock(const StockAdjustment& a) final;
  Result<PurchaseOrder> create_purchase_order(const PurchaseOrder& po) final;
  Result<PurchaseOrder> submit_purchase_order(Id id) final;
  Result<PurchaseOrder> revise_purchase_order(Id id, const std::vector<PurchaseOrderLineChange>& changes) final;
  Result<PurchaseOrder> receive_purchase_order(Id id, const std::vector<ReceiptLine>& lines,
                                               std::optional<Timestamp> at) final;

 protected:
  // Work over a backend's rows; its Status decides commit (OK) or rollback.
  using RowWork = std::function<Status(RowOps&)>;
  // Runs `work` over this backend's rows in one transaction, committed (durably, when the
  // backend is) if it returns OK and rolled back otherwise; returns its Status, or the
  // database's failure. `work` may run more than once when the backend retries a transaction.
  virtual Status run_in_transaction(const RowWork& work) = 0;

 private:
  template <typename T, typename Rule>
  Result<T> run_rule(Rule rule);

  const StoreOptions options_;
};

}  // namespace oiis::store_rules
