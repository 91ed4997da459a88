-- Initial schema. Timestamps are INTEGER unix seconds (UTC); money is REAL; enums are their
-- lowercase names. Optional unique keys (external ids, idempotency keys) are '' when unset and
-- unique only when non-empty (partial unique indexes).

CREATE TABLE suppliers (
  id                  INTEGER PRIMARY KEY,
  name                TEXT    NOT NULL,
  email               TEXT    NOT NULL DEFAULT '',
  lead_time_mean_days REAL    NOT NULL,
  lead_time_sd_days   REAL    NOT NULL,
  min_order_qty       INTEGER NOT NULL,
  order_cost          REAL    NOT NULL,
  created_at          INTEGER NOT NULL
);

CREATE TABLE products (
  id              INTEGER PRIMARY KEY,
  sku             TEXT    NOT NULL UNIQUE,
  name            TEXT    NOT NULL,
  category        TEXT    NOT NULL DEFAULT '',
  brand           TEXT    NOT NULL DEFAULT '',
  description     TEXT    NOT NULL DEFAULT '',
  attributes_json TEXT    NOT NULL DEFAULT '{}',
  price           REAL    NOT NULL,
  cost            REAL    NOT NULL,
  supplier_id     INTEGER REFERENCES suppliers (id),
  pack_size       INTEGER NOT NULL DEFAULT 1,
  active          INTEGER NOT NULL DEFAULT 1,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX products_supplier ON products (supplier_id);
CREATE INDEX products_category ON products (category);

CREATE TABLE customers (
  id          INTEGER PRIMARY KEY,
  external_id TEXT    NOT NULL DEFAULT '',
  name        TEXT    NOT NULL DEFAULT '',
  email       TEXT    NOT NULL DEFAULT '',
  region      TEXT    NOT NULL DEFAULT '',
  signup_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX customers_external_id ON customers (external_id) WHERE external_id <> '';

CREATE TABLE locations (
  id   INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'warehouse'
);

CREATE TABLE orders (
  id              INTEGER PRIMARY KEY,
  external_id     TEXT    NOT NULL DEFAULT '',
  customer_id     INTEGER REFERENCES customers (id),
  location_id     INTEGER NOT NULL REFERENCES locations (id),
  status          TEXT    NOT NULL,
  payment_method  TEXT    NOT NULL DEFAULT '',
  channel         TEXT    NOT NULL DEFAULT '',
  placed_at       INTEGER NOT NULL,
  fulfilled_at    INTEGER,
  idempotency_key TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX orders_placed_at ON orders (placed_at);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE UNIQUE INDEX orders_external_id ON orders (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX orders_idempotency_key ON orders (idempotency_key) WHERE idempotency_key <> '';

CREATE TABLE order_lines (
  id         INTEGER PRIMARY KEY,
  order_id   INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  sku        TEXT    NOT NULL,
  quantity   INTEGER NOT NULL,
  unit_price REAL    NOT NULL,
  discount   REAL    NOT NULL DEFAULT 0
);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE stock_levels (
  product_id  INTEGER NOT NULL REFERENCES products (id),
  location_id INTEGER NOT NULL REFERENCES locations (id),
  on_hand     INTEGER NOT NULL DEFAULT 0,
  reserved    INTEGER NOT NULL DEFAULT 0,
  on_order    INTEGER NOT NULL DEFAULT 0,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (product_id, location_id)
) WITHOUT ROWID;
CREATE INDEX stock_levels_location ON stock_levels (location_id);

CREATE TABLE purchase_orders (
  id          INTEGER PRIMARY KEY,
  supplier_id INTEGER NOT NULL REFERENCES suppliers (id),
  location_id INTEGER NOT NULL REFERENCES locations (id),
  status      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  expected_at INTEGER,
  received_at INTEGER
);
CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id);

CREATE TABLE purchase_order_lines (
  id                INTEGER PRIMARY KEY,
  purchase_order_id INTEGER NOT NULL REFERENCES purchase_orders (id),
  product_id        INTEGER NOT NULL REFERENCES products (id),
  quantity          INTEGER NOT NULL,
  received_quantity INTEGER NOT NULL DEFAULT 0,
  unit_cost         REAL    NOT NULL DEFAULT 0
);
CREATE INDEX purchase_order_lines_po ON purchase_order_lines (purchase_order_id);

CREATE TABLE stock_movements (
  id                INTEGER PRIMARY KEY,
  product_id        INTEGER NOT NULL REFERENCES products (id),
  location_id       INTEGER NOT NULL REFERENCES locations (id),
  type              TEXT    NOT NULL,
  quantity          INTEGER NOT NULL,
  reason            TEXT    NOT NULL DEFAULT '',
  order_id          INTEGER REFERENCES orders (id),
  purchase_order_id INTEGER REFERENCES purchase_orders (id),
  at                INTEGER NOT NULL
);
CREATE INDEX stock_movements_product_at ON stock_movements (product_id, at);
CREATE INDEX stock_movements_at ON stock_movements (at);

CREATE TABLE price_changes (
  id         INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id),
  old_price  REAL    NOT NULL,
  new_price  REAL    NOT NULL,
  reason     TEXT    NOT NULL DEFAULT '',
  at         INTEGER NOT NULL
);
CREATE INDEX price_changes_product ON price_changes (product_id, at);

CREATE TABLE outbox_events (
  id           INTEGER PRIMARY KEY,
  topic        TEXT    NOT NULL,
  aggregate    TEXT    NOT NULL,
  aggregate_id INTEGER NOT NULL,
  payload_json TEXT    NOT NULL DEFAULT '{}',
  at           INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  role       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
);
