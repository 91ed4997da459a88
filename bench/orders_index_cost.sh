#!/usr/bin/env bash
# What each secondary index on the order-placement tables (orders, order_lines, stock_levels,
# stock_movements, outbox_events) and the foreign-key checks cost per order: the raw-SQLite
# anchor (bench/raw_sqlite_orders.cpp, grouped durable transactions) on copies of one generated
# store, first as it is, then with one index dropped at a time, then with foreign_keys=OFF.
# Prints orders/s, WAL pages written per order and CPU time per order for each (the rate
# moves with the machine's load; pages and CPU per order much less).
#
#   bench/orders_index_cost.sh                  # SECONDS=5 BATCH=64 by default
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SECONDS_EACH=${SECONDS:-5}
BATCH=${BATCH:-64}
build_oiis
cmake -S "$ROOT/bench" -B "$BUILD/anchor" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD/anchor" -j1 >/dev/null
ANCHOR=$BUILD/anchor/raw_sqlite_orders

WORK=$(make_workdir)
"$OIIS" generate --data "$WORK/data" --seed 1 --products 1000 --customers 20000 --days 30 \
  >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log" >&2; die "generate failed"; }
DB=$WORK/data/oiis.db
sqlite3 "$DB" "UPDATE stock_levels SET on_hand = 1000000000, reserved = 0;
               PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
INDEXES=$(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
  AND tbl_name IN ('orders', 'order_lines', 'stock_levels', 'stock_movements', 'outbox_events')
  ORDER BY tbl_name, name")

# measure LABEL SETUP_SQL [anchor args...]
measure() {
  local label=$1 setup=$2 line
  shift 2
  cp "$DB" "$WORK/copy.db"
  [ -z "$setup" ] || sqlite3 "$WORK/copy.db" "$setup"
  line=$("$ANCHOR" --db "$WORK/copy.db" --sync full --batch "$BATCH" --seconds "$SECONDS_EACH" "$@")
  printf '%-40s %10s %16s %14s\n' "$label" \
    "$(sed -n 's/.*orders_per_s=\([0-9]*\).*/\1/p' <<<"$line")" \
    "$(sed -n 's/.*wal_pages_per_order=\([0-9.]*\).*/\1/p' <<<"$line")" \
    "$(sed -n 's/.*cpu_us_per_order=\([0-9.]*\).*/\1/p' <<<"$line")"
  rm -f "$WORK/copy.db" "$WORK/copy.db-wal" "$WORK/copy.db-shm"
}

echo "load average $(cut -d' ' -f1-3 /proc/loadavg); $BATCH orders a transaction, synchronous=FULL"
printf '%-40s %10s %16s %14s\n' "variant" "orders/s" "WAL pages/order" "CPU us/order"
measure "schema as migrated" ""
for index in $INDEXES; do measure "without $index" "DROP INDEX $index"; done
measure "foreign_keys = OFF" "" --pragma "foreign_keys = OFF"
measure "schema as migrated (again)" ""
