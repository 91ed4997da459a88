#include "store/postgres/pg_statements.h"

#include <string>

#include "store/postgres/pg_rows.h"

namespace oiis::pg {
namespace {

std::string after_id(const char* cols) {
  return std::string(cols).substr(4);
}  // drop "id, "

std::string insert_returning(const char* table, const char* cols, int n) {
  return std::string("INSERT INTO ") + table + " (" + after_id(cols) + ") VALUES (" +
         placeholders(n) + ") RETURNING " + cols;
}

std::string select_by(const char* table, const char* cols, const std::string& where) {
  return std::string("SELECT ") + cols + " FROM " + table + " WHERE " + where;
}

// Adds signed deltas $3 to on_hand and $4 to on_order (floored at 0) of a level, creating it
// from zero when missing; returns the level.
std::string stock_add() {
  return std::string("INSERT INTO stock_levels (") + kStockCols +
         ") VALUES ($1, $2, $3::bigint, 0, GREATEST($4::bigint, 0), $5) "
         "ON CONFLICT (product_id, location_id) DO UPDATE SET "
         "on_hand = stock_levels.on_hand + EXCLUDED.on_hand, "
         "on_order = GREATEST(stock_levels.on_order + $4::bigint, 0), "
         "updated_at = EXCLUDED.updated_at RETURNING " + kStockCols;
}

}  // namespace

void prepare_statements(pqxx::connection& c) {
  c.prepare("supplier_insert", insert_returning("suppliers", kSupplierCols, 7));
  c.prepare("supplier_get", select_by("suppliers", kSupplierCols, "id = $1"));
  c.prepare("supplier_update",
            std::string("UPDATE suppliers SET name = $2, email = $3, lead_time_mean_days = $4, "
                        "lead_time_sd_days = $5, min_order_qty = $6, order_cost = $7 "
                        "WHERE id = $1 RETURNING ") +
                kSupplierCols);

  c.prepare("product_insert", insert_returning("products", kProductCols, 13));
  c.prepare("product_get", select_by("products", kProductCols, "id = $1"));
  c.prepare("product_get_sku", select_by("products", kProductCols, "sku = $1"));
  c.prepare("product_for_sale", "SELECT id, price, active FROM products WHERE sku = $1");
  c.prepare("product_lock", select_by("products", kProductCols, "id = $1 FOR UPDATE"));
  c.prepare("product_update",
            std::string("UPDATE products SET name = $2, category = $3, brand = $4, "
                        "description = $5, attributes_json = $6, price = $7, cost = $8, "
                        "supplier_id = $9, pack_size = $10, active = $11, updated_at = $12 "
                        "WHERE id = $1 RETURNING ") +
                kProductCols);
  c.prepare("price_change_insert", insert_returning("price_changes", kPriceChangeCols, 5));
  c.prepare("price_history",
            select_by("price_changes", kPriceChangeCols, "product_id = $1 ORDER BY id"));

  c.prepare("customer_insert", insert_returning("customers", kCustomerCols, 5));
  c.prepare("customer_get", select_by("customers", kCustomerCols, "id = $1"));
  c.prepare("customer_update",
            std::string("UPDATE customers SET external_id = $2, name = $3, email = $4, "
                        "region = $5, signup_at = $6 WHERE id = $1 RETURNING ") +
                kCustomerCols);

  c.prepare("location_insert", insert_returning("locations", kLocationCols, 3));
  c.prepare("location_get", select_by("locations", kLocationCols, "id = $1"));
  c.prepare("location_update",
            std::string("UPDATE locations SET code = $2, name = $3, kind = $4 WHERE id = $1 "
                        "RETURNING ") +
                kLocationCols);
  c.prepare("location_list", select_by("locations", kLocationCols, "TRUE ORDER BY id"));
  c.prepare("location_first", select_by("locations", kLocationCols, "TRUE ORDER BY id LIMIT 1"));

  c.prepare("order_insert",
            "INSERT INTO orders (external_id, customer_id, location_id, status, payment_method, "
            "channel, placed_at, fulfilled_at, idempotency_key) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id");
  c.prepare("order_line_insert", insert_returning("order_lines", kOrderLineCols, 6));
  c.prepare("order_get", select_by("orders", kOrderCols, "id = $1"));
  c.prepare("order_lock", select_by("orders", kOrderCols, "id = $1 FOR UPDATE"));
  c.prepare("order_by_idempotency_key",
            select_by("orders", kOrderCols, "idempotency_key = $1 AND idempotency_key <> ''"));
  c.prepare("order_by_external_id",
            "SELECT 1 FROM orders WHERE external_id = $1 AND external_id <> ''");
  c.prepare("order_lines_of",
            select_by("order_lines", kOrderLineCols, "order_id = $1 ORDER BY id"));
  c.prepare("order_set_status",
            "UPDATE orders SET status = $2, fulfilled_at = COALESCE($3::bigint, fulfilled_at) "
            "WHERE id = $1");

  // Takes stock only if enough is available: the row lock makes this safe under concurrency.
  c.prepare("stock_take",
            "UPDATE stock_levels SET on_hand = on_hand - $3::bigint, updated_at = $4 "
            "WHERE product_id = $1 AND location_id = $2 AND on_hand - reserved >= $3::bigint "
            "RETURNING on_hand");
  c.prepare(
      "stock_available",
      "SELECT on_hand - reserved FROM stock_levels WHERE product_id = $1 AND location_id = $2");
  c.prepare("stock_add", stock_add());
  c.prepare("stock_get",
            select_by("stock_levels", kStockCols, "product_id = $1 AND location_id = $2"));
  c.prepare("movement_insert", insert_returning("stock_movements", kMovementCols, 8));

  c.prepare("po_insert", insert_returning("purchase_orders", kPurchaseOrderCols, 6));
  c.prepare("po_line_insert", insert_returning("purchase_order_lines", kPoLineCols, 5));
  c.prepare("po_get", select_by("purchase_orders", kPurchaseOrderCols, "id = $1"));
  c.prepare("po_lock", select_by("purchase_orders", kPurchaseOrderCols, "id = $1 FOR UPDATE"));
  c.prepare("po_lines_of",
            select_by("purchase_order_lines", kPoLineCols, "purchase_order_id = $1 ORDER BY id"));
  c.prepare("po_line_set_received",
            "UPDATE purchase_order_lines SET received_quantity = $2 WHERE id = $1");
  c.prepare("po_line_set_quantity", "UPDATE purchase_order_lines SET quantity = $2 WHERE id = $1");
  c.prepare("po_line_delete", "DELETE FROM purchase_order_lines WHERE id = $1");
  c.prepare("po_set_status",
            "UPDATE purchase_orders SET status = $2, received_at = COALESCE($3::bigint, "
            "received_at) WHERE id = $1");

  c.prepare("outbox_insert",
            "INSERT INTO outbox_events (topic, aggregate, aggregate_id, payload_json, at) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id");
  c.prepare("outbox_delivered", "SELECT delivered_to FROM outbox_delivery WHERE relay = $1");
  c.prepare("outbox_mark_delivered",
            "INSERT INTO outbox_delivery (relay, delivered_to) VALUES ($1, $2) ON CONFLICT (relay) "
            "DO UPDATE SET delivered_to = GREATEST(outbox_delivery.delivered_to, "
            "excluded.delivered_to)");
  c.prepare("outbox_read", select_by("outbox_events", kOutboxCols, "id > $1 ORDER BY id LIMIT $2"));

  c.prepare("api_key_insert", insert_returning("api_keys", kApiKeyCols, 5));
  c.prepare("api_key_by_hash", select_by("api_keys", kApiKeyCols, "key_hash = $1"));
  c.prepare("api_key_list", select_by("api_keys", kApiKeyCols, "TRUE ORDER BY id"));
  c.prepare("api_key_revoke",
            std::string("UPDATE api_keys SET revoked = TRUE WHERE id = $1 RETURNING ") +
                kApiKeyCols);
}

}  // namespace oiis::pg
