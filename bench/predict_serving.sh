#!/usr/bin/env bash
# Real-time prediction serving (issue 15): trains churn on a copy of DATA_DIR, then
#  1. in process: ModelService::predict for every published customer cold (store reads), then
#     100,000 random questions warm (prediction cache) — p50 / p99 / max;
#  2. over HTTP: wrk on GET /api/v1/predict/churn/{id}, and on GET /healthz in the same run as
#     the HTTP layer's own ceiling (the anchor: no store, no key, no JSON).
#
#   bench/predict_serving.sh DATA_DIR
#   DURATION=10 CONNECTIONS=32 OIIS_BENCH_BINARY=build/oiis bench/predict_serving.sh DATA_DIR
#
# Bars: p99 under 1 ms in process with a warm cache; >= 10,000 requests/s over HTTP with wrk on
# 2 cores (wrk itself takes about one of them).
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
"$OIIS" train churn --data "$WORK/data" --seed 1 | tail -1
sqlite3 "$WORK/data/oiis.db" "SELECT entity FROM predictions WHERE family = 'churn'" >"$WORK/entities.txt"
log "$(wc -l <"$WORK/entities.txt") published churn predictions"

out=${LIBS_BUILD:-$BUILD}  # the libraries the in-process tool links (LIBS_BUILD=build to reuse the test build)
cmake --build "$out" -j2 --target oiis_services >/dev/null
libs=""
for m in services mlops inventory forecast customers recommend anomaly kb data store domain common; do
  libs="$libs $out/liboiis_$m.a"
done
g++ -O2 -std=c++20 -I"$ROOT/src" -I/usr/include/eigen3 "$ROOT/bench/predict_latency.cpp" $libs \
  $(pkg-config --libs poppler-cpp icu-uc icu-i18n libpqxx xgboost) -lsqlite3 -lcrypto -pthread \
  -o "$WORK/predict_latency"
"$WORK/predict_latency" "$WORK/data" churn 100000 | tee "$WORK/inprocess.txt"

start_server "$WORK/data" "$WORK/server.log" --rate-limit 0  # the per-key limit would answer 429
URL=http://127.0.0.1:$SERVER_PORT
export OIIS_KEY=$BENCH_KEY OIIS_FAMILY=churn OIIS_ENTITIES_FILE=$WORK/entities.txt
export OIIS_BENCH_DIR=$ROOT/bench
log "warm-up 2 s, then $DURATION s per route, -t$THREADS -c$CONNECTIONS"
run_wrk predict.lua 2 "$WORK/warmup.txt"
run_wrk predict.lua "$DURATION" "$WORK/predict.txt"
run_wrk healthz.lua "$DURATION" "$WORK/healthz.txt"
stop_server

printf '\n%-36s %10s %8s %8s\n' "route" "req/s" "p50 ms" "p99 ms"
printf '%-36s %10s %8s %8s\n' "GET /api/v1/predict/churn/{id}" "$(rps "$WORK/predict.txt")" \
  "$(pct "$WORK/predict.txt" 50)" "$(pct "$WORK/predict.txt" 99)"
printf '%-36s %10s %8s %8s\n' "GET /healthz (HTTP ceiling)" "$(rps "$WORK/healthz.txt")" \
  "$(pct "$WORK/healthz.txt" 50)" "$(pct "$WORK/healthz.txt" 99)"
printf 'predict / healthz: %s\n' "$(ratio "$(rps "$WORK/predict.txt")" "$(rps "$WORK/healthz.txt")")"
