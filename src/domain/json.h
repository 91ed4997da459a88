// JSON form of the domain types, shared by the HTTP API, JSON Lines import and export.
// Timestamps are written as ISO-8601 UTC strings and read as ISO strings or unix seconds.
// Readers are strict: unknown keys and wrong types are errors naming the field. Reading
// "into" an existing value (PATCH semantics) changes only the keys present.
#pragma once

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "domain/types.h"

namespace oiis {

using Json = nlohmann::json;

// Compact JSON text; invalid UTF-8 (e.g. a stray byte stored before validation existed)
// becomes U+FFFD instead of throwing, so a reply can always be written.
std::string dump_safe(const Json& body);

Json to_json(const Supplier& s);
Json to_json(const Product& p);
Json to_json(const Customer& c);
Json to_json(const Location& l);
Json to_json(const OrderLine& l);
Json to_json(const Order& o);
Json to_json(const StockLevel& s);
Json to_json(const StockMovement& m);
Json to_json(const PriceChange& c);
Json to_json(const PurchaseOrder& po);
Json to_json(const OutboxEvent& e);

// `id`, `created_at`/`updated_at` are accepted (import keeps ids) but callers creating via
// the API should ignore the id they get back from these.
Status read_json(const Json& j, Supplier& out);
Status read_json(const Json& j, Product& out);
Status read_json(const Json& j, Customer& out);
Status read_json(const Json& j, Location& out);
// Lines are {"product_id"|"sku", "quantity", "unit_price", "discount"}.
Status read_json(const Json& j, Order& out);
Status read_json(const Json& j, StockLevel& out);
Status read_json(const Json& j, StockMovement& out);
Status read_json(const Json& j, PriceChange& out);
Status read_json(const Json& j, PurchaseOrder& out);

}  // namespace oiis
