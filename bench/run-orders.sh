#!/usr/bin/env bash
# Order-placement and product-read benchmark: our server under wrk against the raw-SQLite
# anchor, on the same generated data, in the same run. Prints a table with the ratios.
#
#   bench/run-orders.sh                 # defaults below
#   DURATION=20 CONNECTIONS=64 bench/run-orders.sh
#
# Bars: >= 10,000 durable placements/s with p99 < 5 ms; >= 40,000 GET /products/{sku} per s.
# wrk and the server share the machine's cores, so on a 2-core box wrk takes ~1 core itself.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRODUCTS=${PRODUCTS:-1000}
CUSTOMERS=${CUSTOMERS:-20000}
DAYS=${DAYS:-30}                 # history only sizes the tables; orders append to it
DURATION=${DURATION:-10}         # seconds per measured wrk run
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ANCHOR_SECONDS=${ANCHOR_SECONDS:-10}

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
build_oiis
log "build the raw SQLite anchor"
cmake -S "$ROOT/bench" -B "$BUILD/anchor" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD/anchor" >/dev/null
ANCHOR=$BUILD/anchor/raw_sqlite_orders

WORK=$(make_workdir)
DATA=$WORK/data
log "generate: $PRODUCTS products, $CUSTOMERS customers, $DAYS days"
"$OIIS" generate --data "$DATA" --seed 1 --products "$PRODUCTS" --customers "$CUSTOMERS" \
  --days "$DAYS" >"$WORK/generate.log" 2>&1 || { cat "$WORK/generate.log" >&2; die "generate failed"; }
DB=$DATA/oiis.db
# Plenty of stock everywhere, so every placement succeeds in both contestants (a refused order
# is cheaper than a placed one and would flatter the figure). Set before the server opens it.
sqlite3 "$DB" "UPDATE stock_levels SET on_hand = 1000000000, reserved = 0;
               PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
sqlite3 "$DB" "SELECT sku FROM products WHERE active = 1 ORDER BY id" >"$WORK/skus.txt"
MAX_CUSTOMER=$(sqlite3 "$DB" "SELECT max(id) FROM customers")
# The anchor works on its own copy of the very same data.
cp "$DB" "$WORK/anchor.db"
for suffix in -wal -shm; do [ -e "$DB$suffix" ] && cp "$DB$suffix" "$WORK/anchor.db$suffix"; done

log "anchor: raw SQLite, synchronous=NORMAL then FULL ($ANCHOR_SECONDS s each)"
anchor_rate() { "$ANCHOR" --db "$WORK/anchor.db" --sync "$1" --seconds "$ANCHOR_SECONDS" | tee /dev/stderr |
                sed -n 's/.*tx_per_s=\([0-9]*\).*/\1/p'; }
RAW_NORMAL=$(anchor_rate normal)
RAW_FULL=$(anchor_rate full)

start_server "$DATA" "$WORK/server.log"
log "server on port $SERVER_PORT (pid $SERVER_PID)"
export OIIS_KEY=$BENCH_KEY OIIS_SKUS_FILE=$WORK/skus.txt OIIS_CUSTOMERS=$MAX_CUSTOMER
export OIIS_BENCH_DIR=$ROOT/bench
URL=http://127.0.0.1:$SERVER_PORT

log "warm-up: orders for 2 s"
run_wrk orders.lua 2 "$WORK/warmup.txt"
log "measure: POST /api/v1/orders, $DURATION s, -t$THREADS -c$CONNECTIONS"
run_wrk orders.lua "$DURATION" "$WORK/orders.txt"
log "measure: GET /api/v1/products/{sku}, $DURATION s"
run_wrk get_product.lua "$DURATION" "$WORK/get.txt"
stop_server

ORDERS=$(rps "$WORK/orders.txt")
GETS=$(rps "$WORK/get.txt")
pass() { awk -v v="$1" -v bar="$2" -v dir="$3" 'BEGIN { ok = dir == ">=" ? v >= bar : v < bar; print ok ? "ok" : "BELOW BAR" }'; }
P99=$(pct "$WORK/orders.txt" 99)
{
  echo
  echo "OIIS order benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
  printf '%-44s %12s %10s %10s  %s\n' "measure" "rate/s" "p50 ms" "p99 ms" "bar"
  printf '%-44s %12s %10s %10s  %s\n' "raw SQLite order tx, synchronous=NORMAL" "$RAW_NORMAL" - - -
  printf '%-44s %12s %10s %10s  %s\n' "raw SQLite order tx, synchronous=FULL" "$RAW_FULL" - - -
  printf '%-44s %12s %10s %10s  %s\n' "oiis POST /api/v1/orders (wrk)" "$ORDERS" \
    "$(pct "$WORK/orders.txt" 50)" "$P99" \
    ">=10000/s: $(pass "$ORDERS" 10000 '>='), p99<5ms: $(pass "$P99" 5 '<')"
  printf '%-44s %12s %10s %10s  %s\n' "oiis GET /api/v1/products/{sku} (wrk)" "$GETS" \
    "$(pct "$WORK/get.txt" 50)" "$(pct "$WORK/get.txt" 99)" ">=40000/s: $(pass "$GETS" 40000 '>=')"
  echo "ratio oiis orders / raw NORMAL: $(ratio "$ORDERS" "$RAW_NORMAL")"
  echo "ratio oiis orders / raw FULL:   $(ratio "$ORDERS" "$RAW_FULL")"
}
