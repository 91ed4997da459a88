// Stock levels, manual adjustments (adjustment | count | receipt) and the movement ledger.
#include "common/json_reader.h"
#include "server/api.h"

namespace oiis::server {
namespace {

Status list_stock(Ctx& c) {
  StockFilter f;
  PageRequest page;
  OIIS_RETURN_IF_ERROR(query_int(c, "product_id", f.product_id));
  OIIS_RETURN_IF_ERROR(query_int(c, "location_id", f.location_id));
  OIIS_RETURN_IF_ERROR(query_int(c, "max_available", f.max_available));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  auto result = c.store.list_stock(f, page);
  if (!result) return result.status();
  return reply(c, page_json(*result));
}

// All levels of one product: {"sku", "product_id", "on_hand", "available", "levels": [...]}.
Status stock_of_sku(Ctx& c) {
  auto product = c.store.get_product_by_sku(std::string(c.path[0]));
  if (!product) return product.status();
  StockFilter f;
  f.product_id = product->id;
  PageRequest page;
  page.limit = 1000;
  Json levels = Json::array();
  Quantity on_hand = 0, available = 0;
  do {
    auto result = c.store.list_stock(f, page);
    if (!result) return result.status();
    for (const auto& level : result->items) {
      on_hand += level.on_hand;
      available += level.available();
      levels.push_back(to_json(level));
    }
    page.cursor = result->next_cursor;
  } while (!page.cursor.empty());
  return reply(c, {{"sku", product->sku},
                   {"product_id", product->id},
                   {"on_hand", on_hand},
                   {"available", available},
                   {"levels", std::move(levels)}});
}

Status read_adjustment(Store& store, Json body, StockAdjustment& out) {
  auto product = resolve_product(store, body, "");
  if (!product) return product.status();
  out.product_id = *product;
  std::string type = "adjustment";
  JsonObjectReader r(body);
  r.integer("product_id", out.product_id, true)
      .integer("location_id", out.location_id, true)
      .text("type", type)
      .integer("quantity", out.quantity, true)
      .text("reason", out.reason)
      .timestamp("at", out.at);
  OIIS_RETURN_IF_ERROR(r.finish());
  // Which types and quantities are allowed is the store's call (adjust_stock).
  auto parsed = parse_movement_type(type);
  if (!parsed) return invalid_argument(parsed.status().message(), "type");
  out.type = *parsed;
  return Status::ok();
}

Status adjust(Ctx& c) {
  auto body = body_json(c);
  if (!body) return body.status();
  StockAdjustment adjustment;
  OIIS_RETURN_IF_ERROR(read_adjustment(c.store, std::move(*body), adjustment));
  auto level = c.store.adjust_stock(adjustment);
  if (!level) return level.status();
  return reply(c, to_json(*level));
}

Status list_movements(Ctx& c) {
  MovementFilter f;
  PageRequest page;
  OIIS_RETURN_IF_ERROR(query_int(c, "product_id", f.product_id));
  OIIS_RETURN_IF_ERROR(query_int(c, "location_id", f.location_id));
  OIIS_RETURN_IF_ERROR(query_enum(c, "type", parse_movement_type, f.type));
  OIIS_RETURN_IF_ERROR(query_time(c, "from", f.from));
  OIIS_RETURN_IF_ERROR(query_time(c, "to", f.to));
  OIIS_RETURN_IF_ERROR(page_request(c, page));
  auto result = c.store.list_movements(f, page);
  if (!result) return result.status();
  return reply(c, page_json(*result));
}

}  // namespace

void add_stock_routes(RouteTable& t) {
  t.push_back({"GET", "/api/v1/stock", Role::kRead, "stock", "List stock levels", "",
               "StockLevelPage", 200,
               with_page_params({{"product_id", "integer", "Product id"},
                                 {"location_id", "integer", "Location id"},
                                 {"max_available", "integer", "Only levels with available <= this"}}),
               list_stock});
  t.push_back({"GET", "/api/v1/stock/movements", Role::kRead, "stock",
               "List stock movements (the ledger)", "", "StockMovementPage", 200,
               with_page_params(
                   {{"product_id", "integer", "Product id"},
                    {"location_id", "integer", "Location id"},
                    {"type", "enum:receipt|sale|return|adjustment|count|transfer", "Movement type"},
                    {"from", "date-time", "At or after (inclusive)"},
                    {"to", "date-time", "Before (exclusive)"}}),
               list_movements});
  t.push_back({"GET", "/api/v1/stock/{sku}", Role::kRead, "stock",
               "Stock of one product at every location", "", "ProductStock", 200, {},
               stock_of_sku});
  t.push_back({"POST", "/api/v1/stock/adjustments", Role::kWrite, "stock",
               "Adjust, count or receive stock by hand; returns the new level",
               "StockAdjustment", "StockLevel", 200, {}, adjust});
}

}  // namespace oiis::server
