"""The FastAPI anchor for bench/run-orders.sh: POST /api/v1/orders doing the same transaction as
oiis and bench/raw_sqlite_orders.cpp on a copy of the same database, the way a small FastAPI
service usually does it (pydantic request model, Python's sqlite3, one uvicorn worker).

Per order: BEGIN IMMEDIATE; customer and default-location lookups; per line a product lookup
by SKU and a guarded stock UPDATE; INSERT the order, its lines, one sale movement per line and
an order.placed outbox event; COMMIT; answer 201 with the order. GET /api/v1/products/{sku}
reads the product's row by SKU and answers it as JSON (no cache: the usual small service; oiis
answers it from its product cache). One connection used from the
event loop (async endpoint, no thread pool: no lock contention between threads), WAL with
synchronous=NORMAL: NOT durable against power loss, which flatters it against oiis (durable).

Usage: python3 bench/fastapi_orders.py DB PORT
"""
import json
import sqlite3
import sys
import time
from typing import List, Optional

import uvicorn
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel

db = sqlite3.connect(sys.argv[1], isolation_level=None, check_same_thread=False)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA busy_timeout = 5000")
app = FastAPI()


class Line(BaseModel):
    sku: str
    quantity: int


class OrderRequest(BaseModel):
    customer_id: Optional[int] = None
    lines: List[Line]


def place(r: OrderRequest):
    now = int(time.time())
    if r.customer_id is not None and db.execute(
            "SELECT id FROM customers WHERE id = ?", (r.customer_id,)).fetchone() is None:
        raise HTTPException(404, "unknown customer")
    location = db.execute("SELECT id FROM locations ORDER BY id LIMIT 1").fetchone()[0]
    priced = []
    for line in r.lines:
        product = db.execute("SELECT id, price FROM products WHERE sku = ? AND active = 1",
                             (line.sku,)).fetchone()
        if product is None:
            raise HTTPException(404, "unknown sku")
        taken = db.execute(
            "UPDATE stock_levels SET on_hand = on_hand - ?3, updated_at = ?4 "
            "WHERE product_id = ?1 AND location_id = ?2 AND on_hand - reserved >= ?3",
            (product[0], location, line.quantity, now)).rowcount
        if taken != 1:
            raise HTTPException(409, "insufficient stock")
        priced.append((product[0], product[1], line))
    order_id = db.execute(
        "INSERT INTO orders (customer_id, location_id, status, payment_method, channel, "
        "placed_at) VALUES (?, ?, 'placed', 'card', 'web', ?)",
        (r.customer_id, location, now)).lastrowid
    lines = []
    for product_id, price, line in priced:
        line_id = db.execute(
            "INSERT INTO order_lines (order_id, product_id, sku, quantity, unit_price, discount) "
            "VALUES (?, ?, ?, ?, ?, 0)",
            (order_id, product_id, line.sku, line.quantity, price)).lastrowid
        db.execute(
            "INSERT INTO stock_movements (product_id, location_id, type, quantity, reason, "
            "order_id, at) VALUES (?, ?, 'sale', ?, 'order', ?, ?)",
            (product_id, location, -line.quantity, order_id, now))
        lines.append({"id": line_id, "product_id": product_id, "sku": line.sku,
                      "quantity": line.quantity, "unit_price": price})
    order = {"id": order_id, "customer_id": r.customer_id, "location_id": location,
             "status": "placed", "placed_at": now, "lines": lines}
    db.execute("INSERT INTO outbox_events (topic, aggregate, aggregate_id, payload_json, at) "
               "VALUES ('order.placed', 'order', ?, ?, ?)", (order_id, json.dumps(order), now))
    return order


@app.post("/api/v1/orders", status_code=201)
async def post_order(r: OrderRequest, authorization: str = Header("")):
    if not authorization.startswith("Bearer "):
        raise HTTPException(401, "missing key")
    db.execute("BEGIN IMMEDIATE")
    try:
        order = place(r)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return order


@app.get("/api/v1/products/{sku}")
async def get_product(sku: str, authorization: str = Header("")):
    if not authorization.startswith("Bearer "):
        raise HTTPException(401, "missing key")
    cursor = db.execute("SELECT * FROM products WHERE sku = ?", (sku,))
    row = cursor.fetchone()
    if row is None:
        raise HTTPException(404, "unknown sku")
    return dict(zip((c[0] for c in cursor.description), row))


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                access_log=False)
