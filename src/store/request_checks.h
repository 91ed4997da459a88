// Backend-neutral request checks that need no database, so a bad request costs no round trip
// and every backend refuses it with the same words. (The rules themselves and the outbox
// payloads are shared too: store/rules.)
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

}  // namespace oiis::store_checks
