#!/usr/bin/env bash
# Order placements' rate and latency against the number of clients, per HTTP engine. wrk is a
# closed loop (each connection sends its next order when its last one is answered), so at C
# connections the mean latency is C / rate (Little's law): a p99 under 5 ms at C connections
# needs a rate above C / 5 ms, whatever the server does. This script measures the curve that
# bar sits on: for each C in CLIENTS and each engine (alternating, and which goes first
# alternates too), `wrk -t2 -cC` on
# POST /api/v1/orders for DURATION seconds after a 1 s warm-up, on one store; then the grouped
# raw SQLite ceiling (64 orders a durable transaction) on a copy of the same store.
#
#   bench/orders_latency_curve.sh
#   CLIENTS="2 4 8 16 32 64" ENGINES="httplib asio" DURATION=8 bench/orders_latency_curve.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRODUCTS=${PRODUCTS:-1000}
CUSTOMERS=${CUSTOMERS:-20000}
DAYS=${DAYS:-30}
DURATION=${DURATION:-8}
CLIENTS=${CLIENTS:-2 4 8 16 32 64}
ENGINES=${ENGINES:-httplib asio}
THREADS=2

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
build_oiis
cmake -S "$ROOT/bench" -B "$BUILD/anchor" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD/anchor" -j1 >/dev/null
WORK=$(make_workdir)
prepare_order_store "$WORK"
cp "$DB" "$WORK/anchor.db"
log "ceiling: raw SQLite, 64 orders a durable transaction, 8 s"
CEILING=$("$BUILD/anchor/raw_sqlite_orders" --db "$WORK/anchor.db" --sync full --batch 64 \
  --seconds 8 | sed -n 's/.*orders_per_s=\([0-9.]*\).*/\1/p')

export OIIS_KEY=$BENCH_KEY OIIS_SKUS_FILE=$WORK/skus.txt OIIS_CUSTOMERS=$MAX_CUSTOMER
export OIIS_BENCH_DIR=$ROOT/bench
printf '\nOIIS order latency against clients — %s, %s cores, binary %s\n' \
  "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$OIIS"
printf 'raw SQLite ceiling (64 orders a durable tx): %s orders/s\n' "$CEILING"
printf '%-8s %7s %9s %8s %8s %8s %10s %12s %6s\n' engine clients orders/s p50_ms p90_ms p99_ms \
  "/ceiling" "C/rate_ms" load1
order=$ENGINES
for clients in $CLIENTS; do
  # Which engine goes first alternates from one client count to the next: the store grows
  # and the page cache warms as the run goes on.
  for engine in $order; do
    CONNECTIONS=$clients
    start_server "$DATA" "$WORK/server-$engine-$clients.log" --rate-limit 0 --http-engine "$engine"
    URL=http://127.0.0.1:$SERVER_PORT
    run_wrk orders.lua 1 "$WORK/warm.txt" 2>/dev/null
    run_wrk orders.lua "$DURATION" "$WORK/run.txt" 2>/dev/null
    stop_server
    rate=$(rps "$WORK/run.txt")
    printf '%-8s %7s %9s %8s %8s %8s %10s %12s %6s\n' "$engine" "$clients" "$rate" \
      "$(pct "$WORK/run.txt" 50)" "$(pct "$WORK/run.txt" 90)" "$(pct "$WORK/run.txt" 99)" \
      "$(ratio "$rate" "$CEILING")" \
      "$(echo "$clients $rate" | awk '{ printf "%.2f", $1 * 1000 / $2 }')" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
  order=$(printf '%s\n' $order | tac | tr '\n' ' ')
done
