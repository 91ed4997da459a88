#!/usr/bin/env bash
# Order-placement and product-read benchmark, every contestant in the same run on the same
# generated data: our server under wrk; raw SQLite doing the same transaction with no server,
# one order a transaction and 64 a durable transaction (the practical ceiling on our schema and
# this disk); FastAPI + SQLite doing the same transaction over HTTP; and the disk's own
# append + fdatasync rate. Prints a table with the ratios and the load average.
#
#   bench/run-orders.sh                 # defaults below
#   DURATION=20 CONNECTIONS=64 bench/run-orders.sh
#   ENGINES="httplib asio" ROUNDS=2 bench/run-orders.sh   # the HTTP engines side by side
#
# Bars (issue 22): durable placements >= 0.8x the grouped raw figure with p99 < 5 ms, >= 3x
# FastAPI; product reads >= 5x FastAPI with p99 < 2 ms. wrk and the server share the machine's
# cores, so on a 2-core box wrk takes ~1 core.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRODUCTS=${PRODUCTS:-1000}
CUSTOMERS=${CUSTOMERS:-20000}
DAYS=${DAYS:-30}                 # history only sizes the tables; orders append to it
DURATION=${DURATION:-10}         # seconds per measured wrk run
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ANCHOR_SECONDS=${ANCHOR_SECONDS:-10}
ANCHOR_BATCH=${ANCHOR_BATCH:-64}  # orders per transaction in the grouped raw figure
# HTTP engines of `oiis serve --http-engine` to measure, each ROUNDS times, alternating
# (httplib asio httplib asio ...), all against the same anchors and FastAPI.
ENGINES=${ENGINES:-httplib}
ROUNDS=${ROUNDS:-1}
FSYNC_SECONDS=${FSYNC_SECONDS:-3}

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
"$FASTAPI_PYTHON" -c 'import fastapi, uvicorn' 2>/dev/null ||
  die "FastAPI not found (scripts/install-bench-deps: python3-fastapi python3-uvicorn)"
build_oiis
log "build the raw SQLite anchor"
cmake -S "$ROOT/bench" -B "$BUILD/anchor" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD/anchor" -j1 >/dev/null
ANCHOR=$BUILD/anchor/raw_sqlite_orders
FSYNC_RATE=$BUILD/anchor/fsync_rate

WORK=$(make_workdir)
prepare_order_store "$WORK"
# Each anchor works on its own copy of the very same data.
copy_db() {
  cp "$DB" "$1"
  local suffix
  for suffix in -wal -shm; do [ -e "$DB$suffix" ] && cp "$DB$suffix" "$1$suffix"; done
  return 0
}
# field NAME: the value of NAME=... in the line on stdin.
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
# The anchor's line goes to the log too (not `tee /dev/stderr`: reopening a redirected stderr
# truncates the log file).
anchor_rate() {
  local db=$WORK/anchor-$1-$2.db line
  copy_db "$db"
  line=$("$ANCHOR" --db "$db" --sync "$1" --batch "$2" --seconds "$ANCHOR_SECONDS")
  printf '%s\n' "$line" >&2
  rm -f "$db" "$db-wal" "$db-shm"
  printf '%s\n' "$line" | field orders_per_s
}

log "disk: 4 KiB append + fdatasync, $FSYNC_SECONDS s, next to the data"
FSYNC_LINE=$("$FSYNC_RATE" --file "$DATA/fsync-probe" --seconds "$FSYNC_SECONDS")
printf '%s\n' "$FSYNC_LINE" >&2
log "anchors: raw SQLite, $ANCHOR_BATCH orders a durable transaction, then one a transaction"
RAW_GROUPED=$(anchor_rate full "$ANCHOR_BATCH")
RAW_NORMAL=$(anchor_rate normal 1)
RAW_FULL=$(anchor_rate full 1)

export OIIS_KEY=$BENCH_KEY OIIS_SKUS_FILE=$WORK/skus.txt OIIS_CUSTOMERS=$MAX_CUSTOMER
export OIIS_BENCH_DIR=$ROOT/bench

# measure_ours ENGINE TAG: orders then product reads on `oiis serve --http-engine ENGINE`;
# WORK/TAG-*.txt hold wrk's output, WORK/TAG.cpu the server's CPU µs per order and per read,
# WORK/TAG.load the load average at the end.
measure_ours() {
  local engine=$1 tag=$2 cpu0 cpu1 cpu2
  # No per-key rate limit (5,000/s by default): the bench measures the server, not the limiter.
  start_server "$DATA" "$WORK/server-$tag.log" --rate-limit 0 --http-engine "$engine"
  log "$engine server on port $SERVER_PORT (pid $SERVER_PID)"
  URL=http://127.0.0.1:$SERVER_PORT
  log "warm-up: orders for 2 s"
  run_wrk orders.lua 2 "$WORK/$tag-warmup.txt"
  log "measure ($engine): POST /api/v1/orders, $DURATION s, -t$THREADS -c$CONNECTIONS"
  cpu0=$(cpu_seconds "$SERVER_PID")
  run_wrk orders.lua "$DURATION" "$WORK/$tag-orders.txt"
  cpu1=$(cpu_seconds "$SERVER_PID")
  log "measure ($engine): GET /api/v1/products/{sku}, $DURATION s"
  run_wrk get_product.lua "$DURATION" "$WORK/$tag-get.txt"
  cpu2=$(cpu_seconds "$SERVER_PID")
  cut -d' ' -f1-3 /proc/loadavg >"$WORK/$tag.load"
  echo "$(cpu_us_per_request "$cpu0" "$cpu1" "$WORK/$tag-orders.txt")" \
       "$(cpu_us_per_request "$cpu1" "$cpu2" "$WORK/$tag-get.txt")" >"$WORK/$tag.cpu"
  stop_server
}

TAGS=()
for round in $(seq "$ROUNDS"); do
  for engine in $ENGINES; do
    measure_ours "$engine" "$engine-$round"
    TAGS+=("$engine-$round")
  done
done

copy_db "$WORK/fastapi.db"
start_fastapi "$WORK/fastapi.db" "$WORK/fastapi.log"
log "FastAPI on port $SERVER_PORT (pid $SERVER_PID)"
URL=http://127.0.0.1:$SERVER_PORT
log "warm-up: FastAPI orders for 2 s"
run_wrk orders.lua 2 "$WORK/fastapi-warmup.txt"
log "measure: FastAPI POST /api/v1/orders, $DURATION s"
run_wrk orders.lua "$DURATION" "$WORK/fastapi.txt"
log "measure: FastAPI GET /api/v1/products/{sku}, $DURATION s"
run_wrk get_product.lua "$DURATION" "$WORK/fastapi-get.txt"
stop_server

FASTAPI=$(rps "$WORK/fastapi.txt")
FASTAPI_GET=$(rps "$WORK/fastapi-get.txt")
FSYNCS=$(printf '%s\n' "$FSYNC_LINE" | field per_s)
pass() { awk -v v="$1" -v bar="$2" -v dir="$3" 'BEGIN { ok = dir == ">=" ? v >= bar : v < bar; print ok ? "ok" : "BELOW BAR" }'; }
row() { printf '%-52s %10s %8s %8s  %s\n' "$@"; }
{
  echo
  echo "OIIS order benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)," \
       "binary $OIIS"
  row "measure" "rate/s" "p50 ms" "p99 ms" "bar"
  row "disk: 4 KiB append + fdatasync" "$FSYNCS" "$(printf '%s\n' "$FSYNC_LINE" | field p50_ms)" \
    "$(printf '%s\n' "$FSYNC_LINE" | field p99_ms)" -
  row "raw SQLite, $ANCHOR_BATCH orders a tx, synchronous=FULL (ceiling)" "$RAW_GROUPED" - - -
  row "raw SQLite, 1 order a tx, synchronous=NORMAL" "$RAW_NORMAL" - - -
  row "raw SQLite, 1 order a tx, synchronous=FULL" "$RAW_FULL" - - -
  row "FastAPI + SQLite, 1 order a tx, NORMAL (wrk)" "$FASTAPI" \
    "$(pct "$WORK/fastapi.txt" 50)" "$(pct "$WORK/fastapi.txt" 99)" -
  row "FastAPI + SQLite GET /api/v1/products/{sku} (wrk)" "$FASTAPI_GET" \
    "$(pct "$WORK/fastapi-get.txt" 50)" "$(pct "$WORK/fastapi-get.txt" 99)" -
  for tag in "${TAGS[@]}"; do
    ORDERS=$(rps "$WORK/$tag-orders.txt")
    P99=$(pct "$WORK/$tag-orders.txt" 99)
    read -r CPU_ORDER CPU_GET <"$WORK/$tag.cpu"
    echo "-- oiis --http-engine ${tag%-*} (round ${tag##*-}), load average $(cat "$WORK/$tag.load") at its end"
    row "oiis POST /api/v1/orders, durable (wrk)" "$ORDERS" "$(pct "$WORK/$tag-orders.txt" 50)" \
      "$P99" "p99<5ms: $(pass "$P99" 5 '<')"
    GETS=$(rps "$WORK/$tag-get.txt")
    GET_P99=$(pct "$WORK/$tag-get.txt" 99)
    row "oiis GET /api/v1/products/{sku} (wrk)" "$GETS" "$(pct "$WORK/$tag-get.txt" 50)" \
      "$GET_P99" "p99<2ms: $(pass "$GET_P99" 2 '<')"
    echo "server CPU per order: $CPU_ORDER µs, per product read: $CPU_GET µs;" \
         "wrk's own: $(wrk_cpu_us_per_request "$WORK/$tag-orders.txt") and" \
         "$(wrk_cpu_us_per_request "$WORK/$tag-get.txt") µs"
    GROUPED_RATIO=$(ratio "$ORDERS" "$RAW_GROUPED")
    FASTAPI_RATIO=$(ratio "$ORDERS" "$FASTAPI")
    echo "ratio oiis orders / raw grouped (ceiling): $GROUPED_RATIO  (bar >= 0.8: $(pass "$GROUPED_RATIO" 0.8 '>='))"
    echo "ratio oiis orders / FastAPI:               $FASTAPI_RATIO  (bar >= 3: $(pass "$FASTAPI_RATIO" 3 '>='))"
    GET_RATIO=$(ratio "$GETS" "$FASTAPI_GET")
    echo "ratio oiis product reads / FastAPI's:      $GET_RATIO  (bar >= 5: $(pass "$GET_RATIO" 5 '>='))"
    echo "ratio oiis orders / raw 1-a-tx NORMAL:     $(ratio "$ORDERS" "$RAW_NORMAL")"
    echo "ratio oiis orders / raw 1-a-tx FULL:       $(ratio "$ORDERS" "$RAW_FULL")"
    echo "ratio oiis orders / disk fsyncs:           $(ratio "$ORDERS" "$FSYNCS")"
  done
}
