// The outbox events the rules write, built in one place so consumers see one shape (topic,
// aggregate and JSON payload) whichever backend wrote them.
#pragma once

#include <string_view>

#include "domain/types.h"
#include "store/store.h"

namespace oiis::store_rules {

// "order.placed": the order with its lines and total.
OutboxEvent order_placed_event(const Order& o, Timestamp at);
// "order.<to>": the order's move from `from` to `to`.
OutboxEvent order_status_event(Id order_id, OrderStatus from, OrderStatus to, Timestamp at);
// "stock.adjusted": the change made by hand (`delta` as booked) and the resulting on_hand.
OutboxEvent stock_adjusted_event(const StockAdjustment& a, Quantity delta, Quantity on_hand,
                                 Timestamp at);
// "purchase_order.<what>" (created, ordered, received): the purchase order with its lines.
OutboxEvent purchase_order_event(std::string_view what, const PurchaseOrder& po, Timestamp at);

}  // namespace oiis::store_rules
