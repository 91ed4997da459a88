// The outbox events the rules write, built in one place so consumers see one shape (topic,
// aggregate and JSON payload) whichever backend wrote them.
#pragma once

#include <string_view>
#include <vector>

#include "domain/types.h"
#include "store/alert_tables.h"
#include "store/store.h"

namespace oiis::store_rules {

// "order.placed": the order with its lines and total.
OutboxEvent order_placed_event(const Order& o, Timestamp at);
// "order.<to>": the order's move from `from` to `to`.
OutboxEvent order_status_event(Id order_id, OrderStatus from, OrderStatus to, Timestamp at);
// "stock.adjusted": the change made by hand (`delta` as booked) and the resulting on_hand.
OutboxEvent stock_adjusted_event(const StockAdjustment& a, Quantity delta, Quantity on_hand,
                                 Timestamp at);
// "stock.changed": the stock movements one write booked at one location (a cancellation's or
// return's restock, an adjustment, a count, a receipt), as signed quantities by product, with
// the order or purchase order behind them. Sales are not written here: order.placed already
// carries every line, and order placement is the hot path (one outbox row per order, not two).
OutboxEvent stock_changed_event(Id location_id, const std::vector<StockMovement>& moves,
                                Timestamp at);
// "alert.raised": a newly stored alert, by id, with what it is about (not its text).
OutboxEvent alert_raised_event(Id alert_id, const StoredAlert& a, Timestamp at);
// "reorder.suggested": a draft purchase order (a reorder suggestion awaiting approval).
OutboxEvent reorder_suggested_event(const PurchaseOrder& po, Timestamp at);
// "purchase_order.<what>" (created, ordered, received): the purchase order with its lines.
OutboxEvent purchase_order_event(std::string_view what, const PurchaseOrder& po, Timestamp at);

}  // namespace oiis::store_rules
