#!/usr/bin/env bash
# Serving the personalised and basket recommendations over HTTP: the first question after
# start-up (which builds the model for the data version) timed with curl, then wrk on
# GET /api/v1/recommendations/customer/{id} and POST /api/v1/recommendations/basket.
#
#   bench/recommend_serving.sh DATA_DIR          # a data folder with a store; copied, not changed
#   DURATION=10 CONNECTIONS=32 OIIS_BENCH_BINARY=build/oiis bench/recommend_serving.sh DATA_DIR
#
# Bar (issue 23): >= 5,000 requests/s over HTTP with wrk on 2 cores (wrk takes ~1 core itself).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] && [ -f "$1/oiis.db" ] || die "usage: $0 DATA_DIR (with oiis.db)"
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
build_oiis

WORK=$(make_workdir)
cp -r "$1" "$WORK/data"
DB=$WORK/data/oiis.db
sqlite3 "$DB" "SELECT DISTINCT customer_id FROM orders WHERE customer_id IS NOT NULL" >"$WORK/customers.txt"
sqlite3 "$DB" "SELECT sku FROM products WHERE active = 1 ORDER BY id" >"$WORK/skus.txt"
start_server "$WORK/data" "$WORK/server.log" --rate-limit 0  # the per-key limit would answer 429
URL=http://127.0.0.1:$SERVER_PORT
export OIIS_KEY=$BENCH_KEY OIIS_CUSTOMERS_FILE=$WORK/customers.txt OIIS_SKUS_FILE=$WORK/skus.txt
export OIIS_BENCH_DIR=$ROOT/bench

first() {  # seconds of one request: the model for this data version is built inside it
  curl -sS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $BENCH_KEY" "$@"
}
BUILD_CUSTOMER=$(first "$URL/api/v1/recommendations/customer/$(head -1 "$WORK/customers.txt")")
BUILD_BASKET=$(first -X POST -H 'Content-Type: application/json' \
  -d "{\"skus\": [\"$(head -1 "$WORK/skus.txt")\"]}" "$URL/api/v1/recommendations/basket")

log "warm-up 2 s, then $DURATION s per route, -t$THREADS -c$CONNECTIONS"
run_wrk recommend_customer.lua 2 "$WORK/warmup.txt"
run_wrk recommend_customer.lua "$DURATION" "$WORK/customer.txt"
run_wrk recommend_basket.lua "$DURATION" "$WORK/basket.txt"
stop_server

printf '\n%-44s %10s %8s %8s\n' "route" "req/s" "p50 ms" "p99 ms"
printf '%-44s %10s %8s %8s\n' "GET /recommendations/customer/{id}" "$(rps "$WORK/customer.txt")" \
  "$(pct "$WORK/customer.txt" 50)" "$(pct "$WORK/customer.txt" 99)"
printf '%-44s %10s %8s %8s\n' "POST /recommendations/basket" "$(rps "$WORK/basket.txt")" \
  "$(pct "$WORK/basket.txt" 50)" "$(pct "$WORK/basket.txt" 99)"
printf 'first request (model build): customer %s s, basket %s s\n' "$BUILD_CUSTOMER" "$BUILD_BASKET"
