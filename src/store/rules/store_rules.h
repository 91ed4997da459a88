// The store's business rules, written once over RowOps (row_ops.h) for every backend: order
// placement, the order life cycle, stock adjustment and purchase orders. Each function runs
// inside the caller's transaction and returns what the Store method returns; an error Result
// means the caller must roll back (nothing it wrote may stay). The `check_*` functions need no
// database, so a backend runs them before it opens a transaction.
//
// Timestamp rule: every row an operation writes (stock levels' updated_at, movements, order
// and purchase-order times, outbox events) carries the operation's time: the time the request
// gives (OrderRequest::placed_at, StockAdjustment::at, PurchaseOrder::created_at, the `at` of a
// status change or receipt) or, when it gives none, the clock read once per operation. So a
// back-dated order dates its stock changes and its event like the order, on every backend.
#pragma once

#include <optional>
#include <vector>

#include "common/status.h"
#include "store/rules/row_ops.h"
#include "store/store.h"

namespace oiis::store_rules {

// --- orders (order_rules.cpp)
// Replays an earlier placement with the same idempotency key, else checks customer, location,
// external id and lines, takes the stock (kConflict naming "lines[i].quantity" when short,
// unless backorders are allowed) and writes the order, its lines, sale movements and an
// "order.placed" event. The request must have passed store_checks::validate_order_request.
Result<PlacedOrder> place_order(RowOps& rows, const OrderRequest& r, const StoreOptions& options);
// A legal move of the order's status; cancelling or returning puts its stock back.
Result<Order> set_order_status(RowOps& rows, Id id, OrderStatus to, std::optional<Timestamp> at);

// --- stock and purchase orders (stock_rules.cpp)
// The request must have passed store_checks::validate_stock_adjustment.
Result<StockLevel> adjust_stock(RowOps& rows, const StockAdjustment& a);

// Checks of a new purchase order that need no database.
Status check_new_purchase_order(const PurchaseOrder& po);
Result<PurchaseOrder> create_purchase_order(RowOps& rows, const PurchaseOrder& po);
Result<PurchaseOrder> submit_purchase_order(RowOps& rows, Id id);
// Checks of a draft's revision that need no database: some change, no line twice, no negative quantity.
Status check_revision(const std::vector<PurchaseOrderLineChange>& changes);
Result<PurchaseOrder> revise_purchase_order(RowOps& rows, Id id,
                                            const std::vector<PurchaseOrderLineChange>& changes);
// Checks of a receipt that need no database.
Status check_receipt(const std::vector<ReceiptLine>& lines);
Result<PurchaseOrder> receive_purchase_order(RowOps& rows, Id id,
                                             const std::vector<ReceiptLine>& lines,
                                             std::optional<Timestamp> at);

}  // namespace oiis::store_rules
