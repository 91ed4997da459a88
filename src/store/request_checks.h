// Backend-neutral pieces of the store's contract: request checks that need no database (so a
// bad request costs no round trip and both backends refuse it with the same words) and the
// payloads of outbox events (so consumers see one shape whichever backend wrote them).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "store/store.h"

namespace oiis::store_checks {

constexpr std::size_t kMaxOrderLines = 1000;
// The stored key: the HTTP layer prefixes the caller's key (<= 200 bytes) with its API key's
// scope, so the column holds more than the header.
constexpr std::size_t kMaxIdempotencyKeyBytes = 300;

// "lines[3].quantity"
std::string line_field(std::size_t index, std::string_view name);

// Line count, lengths, quantities, prices and discounts of an order request.
Status validate_order_request(const OrderRequest& r);
// Type, sign and reason of a stock change made by hand.
Status validate_stock_adjustment(const StockAdjustment& a);

// JSON payload of the "order.placed" outbox event.
std::string order_placed_payload(const Order& o);

}  // namespace oiis::store_checks
