// Placing an order from its JSON: the one way in for the HTTP API (POST /api/v1/orders) and
// for order events consumed from a stream (order_event_consumer.h), so both read the same
// fields with the same messages and treat a repeated idempotency key the same way.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/json.h"
#include "store/store.h"

namespace oiis::services {

// {"customer_id", "location_id", "external_id", "payment_method", "channel", "placed_at",
//  "lines": [{"sku", "quantity", "unit_price", "discount"}]}; every bad field named.
Status read_order_request(const Json& body, OrderRequest& out);

// Places `request` (its idempotency key set by the caller). A replay (the key used before)
// must repeat the first request: otherwise kConflict naming `key_field`, so that a key reused
// for a different order never silently returns the first one.
Result<PlacedOrder> place_order(Store& store, const OrderRequest& request,
                                const std::string& key_field);

}  // namespace oiis::services
