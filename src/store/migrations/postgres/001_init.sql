-- OIIS schema for PostgreSQL. Ids are BIGSERIAL, timestamps BIGINT unix seconds (UTC), money
-- DOUBLE PRECISION. Constraint names follow <table>_<column>_key / _fkey: the store maps them
-- back to the offending field. Foreign keys are DEFERRABLE so bulk loads may add rows in any
-- order (checked at commit); ordinary statements still check them immediately.

CREATE TABLE suppliers (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  lead_time_mean_days DOUBLE PRECISION NOT NULL DEFAULT 7,
  lead_time_sd_days DOUBLE PRECISION NOT NULL DEFAULT 2,
  min_order_qty BIGINT NOT NULL DEFAULT 1,
  order_cost DOUBLE PRECISION NOT NULL DEFAULT 50,
  created_at BIGINT NOT NULL
);

CREATE TABLE products (
  id BIGSERIAL PRIMARY KEY,
  sku TEXT NOT NULL CONSTRAINT products_sku_key UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  brand TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  attributes_json TEXT NOT NULL DEFAULT '{}',
  price DOUBLE PRECISION NOT NULL,
  cost DOUBLE PRECISION NOT NULL DEFAULT 0,
  supplier_id BIGINT CONSTRAINT products_supplier_id_fkey REFERENCES suppliers (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  pack_size BIGINT NOT NULL DEFAULT 1,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX products_category_idx ON products (category);
CREATE INDEX products_brand_idx ON products (brand);
CREATE INDEX products_supplier_idx ON products (supplier_id);

CREATE TABLE customers (
  id BIGSERIAL PRIMARY KEY,
  external_id TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  signup_at BIGINT NOT NULL
);
-- Unique only when set: many customers have no external id.
CREATE UNIQUE INDEX customers_external_id_key ON customers (external_id) WHERE external_id <> '';
CREATE INDEX customers_region_idx ON customers (region);

CREATE TABLE locations (
  id BIGSERIAL PRIMARY KEY,
  code TEXT NOT NULL CONSTRAINT locations_code_key UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'warehouse'
);

CREATE TABLE orders (
  id BIGSERIAL PRIMARY KEY,
  external_id TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL DEFAULT '',
  customer_id BIGINT CONSTRAINT orders_customer_id_fkey REFERENCES customers (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  location_id BIGINT NOT NULL CONSTRAINT orders_location_id_fkey REFERENCES locations (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  status TEXT NOT NULL,
  payment_method TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL DEFAULT '',
  placed_at BIGINT NOT NULL,
  fulfilled_at BIGINT
);
CREATE UNIQUE INDEX orders_external_id_key ON orders (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX orders_idempotency_key_key ON orders (idempotency_key)
  WHERE idempotency_key <> '';
CREATE INDEX orders_customer_idx ON orders (customer_id, id);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE INDEX orders_status_idx ON orders (status, id);

CREATE TABLE order_lines (
  id BIGSERIAL PRIMARY KEY,
  order_id BIGINT NOT NULL CONSTRAINT order_lines_order_id_fkey REFERENCES orders (id)
    ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  product_id BIGINT NOT NULL CONSTRAINT order_lines_product_id_fkey REFERENCES products (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  sku TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price DOUBLE PRECISION NOT NULL,
  discount DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX order_lines_order_idx ON order_lines (order_id, id);
CREATE INDEX order_lines_product_idx ON order_lines (product_id);

CREATE TABLE stock_levels (
  product_id BIGINT NOT NULL CONSTRAINT stock_levels_product_id_fkey REFERENCES products (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  location_id BIGINT NOT NULL CONSTRAINT stock_levels_location_id_fkey REFERENCES locations (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  on_hand BIGINT NOT NULL DEFAULT 0,
  reserved BIGINT NOT NULL DEFAULT 0,
  on_order BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, location_id)
);
CREATE INDEX stock_levels_location_idx ON stock_levels (location_id);

CREATE TABLE purchase_orders (
  id BIGSERIAL PRIMARY KEY,
  supplier_id BIGINT NOT NULL CONSTRAINT purchase_orders_supplier_id_fkey
    REFERENCES suppliers (id) DEFERRABLE INITIALLY IMMEDIATE,
  location_id BIGINT NOT NULL CONSTRAINT purchase_orders_location_id_fkey
    REFERENCES locations (id) DEFERRABLE INITIALLY IMMEDIATE,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expected_at BIGINT,
  received_at BIGINT
);
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id, id);
CREATE INDEX purchase_orders_status_idx ON purchase_orders (status, id);

CREATE TABLE purchase_order_lines (
  id BIGSERIAL PRIMARY KEY,
  purchase_order_id BIGINT NOT NULL CONSTRAINT purchase_order_lines_purchase_order_id_fkey
    REFERENCES purchase_orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  product_id BIGINT NOT NULL CONSTRAINT purchase_order_lines_product_id_fkey
    REFERENCES products (id) DEFERRABLE INITIALLY IMMEDIATE,
  quantity BIGINT NOT NULL,
  received_quantity BIGINT NOT NULL DEFAULT 0,
  unit_cost DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX purchase_order_lines_po_idx ON purchase_order_lines (purchase_order_id, id);

CREATE TABLE stock_movements (
  id BIGSERIAL PRIMARY KEY,
  product_id BIGINT NOT NULL CONSTRAINT stock_movements_product_id_fkey REFERENCES products (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  location_id BIGINT NOT NULL CONSTRAINT stock_movements_location_id_fkey
    REFERENCES locations (id) DEFERRABLE INITIALLY IMMEDIATE,
  type TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  order_id BIGINT CONSTRAINT stock_movements_order_id_fkey REFERENCES orders (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  purchase_order_id BIGINT CONSTRAINT stock_movements_purchase_order_id_fkey
    REFERENCES purchase_orders (id) DEFERRABLE INITIALLY IMMEDIATE,
  at BIGINT NOT NULL
);
CREATE INDEX stock_movements_product_idx ON stock_movements (product_id, id);
CREATE INDEX stock_movements_location_idx ON stock_movements (location_id, id);
CREATE INDEX stock_movements_at_idx ON stock_movements (at);
CREATE INDEX stock_movements_order_idx ON stock_movements (order_id);

CREATE TABLE price_changes (
  id BIGSERIAL PRIMARY KEY,
  product_id BIGINT NOT NULL CONSTRAINT price_changes_product_id_fkey REFERENCES products (id)
    DEFERRABLE INITIALLY IMMEDIATE,
  old_price DOUBLE PRECISION NOT NULL,
  new_price DOUBLE PRECISION NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX price_changes_product_idx ON price_changes (product_id, id);

CREATE TABLE outbox_events (
  id BIGSERIAL PRIMARY KEY,
  topic TEXT NOT NULL,
  aggregate TEXT NOT NULL,
  aggregate_id BIGINT NOT NULL,
  payload_json TEXT NOT NULL DEFAULT '{}',
  at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL CONSTRAINT api_keys_key_hash_key UNIQUE,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
