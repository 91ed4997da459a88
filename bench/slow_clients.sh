#!/usr/bin/env bash
# Issue 22's slow-client bar: with 500 idle and 100 slow connections open (one header byte
# every 3 s, reopened whenever the server drops one), the order rate stays >= 0.9x of the rate
# without them and /healthz answers within 50 ms. For each engine, alternating, ROUNDS times:
# orders alone, then with the crowd held open by bench/slow_clients.py while it probes /healthz
# on a fresh connection every 200 ms, then alone again; the ratio is crowd / mean of the two
# alone runs, so a load that drifts during the run (other builds) does not bias it.
#
#   bench/slow_clients.sh
#   ENGINES="httplib asio" ROUNDS=2 DURATION=10 bench/slow_clients.sh
#   OIIS_BENCH_BINARY=build/oiis bench/slow_clients.sh     # an already built binary
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRODUCTS=${PRODUCTS:-1000}
CUSTOMERS=${CUSTOMERS:-20000}
DAYS=${DAYS:-30}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
IDLE=${IDLE:-500}
SLOW=${SLOW:-100}
ENGINES=${ENGINES:-httplib asio}
ROUNDS=${ROUNDS:-1}

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v sqlite3 >/dev/null || die "sqlite3 not found (apt-get install sqlite3)"
build_oiis
WORK=$(make_workdir)
prepare_order_store "$WORK"
export OIIS_KEY=$BENCH_KEY OIIS_SKUS_FILE=$WORK/skus.txt OIIS_CUSTOMERS=$MAX_CUSTOMER
export OIIS_BENCH_DIR=$ROOT/bench

# measure ENGINE TAG: appends "engine alone_rate alone_p99s crowd_rate crowd_p99 <holder
# summary> load" for one server run to WORK/rows.txt (alone: the mean of the runs around).
measure() {
  local engine=$1 tag=$2 holder summary
  start_server "$DATA" "$WORK/server-$tag.log" --rate-limit 0 --http-engine "$engine"
  URL=http://127.0.0.1:$SERVER_PORT
  log "$engine ($tag): warm-up, then orders alone for $DURATION s"
  run_wrk orders.lua 2 "$WORK/$tag-warmup.txt"
  run_wrk orders.lua "$DURATION" "$WORK/$tag-alone.txt"
  log "$engine ($tag): $IDLE idle + $SLOW slow connections, orders again"
  python3 "$ROOT/bench/slow_clients.py" --port "$SERVER_PORT" --idle "$IDLE" --slow "$SLOW" \
    >"$WORK/$tag-holder.txt" 2>&1 &
  holder=$!
  _pids+=("$holder")
  sleep 3  # every connection open and the first drip sent
  run_wrk orders.lua "$DURATION" "$WORK/$tag-crowd.txt"
  kill -TERM "$holder"
  wait "$holder" || true
  summary=$(tail -1 "$WORK/$tag-holder.txt")
  log "$engine ($tag): orders alone again"
  sleep 6  # the crowd's sockets closed by the server's idle and header deadlines
  run_wrk orders.lua "$DURATION" "$WORK/$tag-alone2.txt"
  local alone
  alone=$(echo "$(rps "$WORK/$tag-alone.txt") $(rps "$WORK/$tag-alone2.txt")" | awk '{ printf "%.0f", ($1 + $2) / 2 }')
  echo "$engine $alone $(pct "$WORK/$tag-alone.txt" 99)/$(pct "$WORK/$tag-alone2.txt" 99)" \
       "$(rps "$WORK/$tag-crowd.txt") $(pct "$WORK/$tag-crowd.txt" 99) $summary" \
       "load=$(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/rows.txt"
  stop_server
}

for round in $(seq "$ROUNDS"); do
  for engine in $ENGINES; do measure "$engine" "$engine-$round"; done
done

value() { sed -n "s/.*$1=\([0-9.a-z]*\).*/\1/p"; }
{
  echo
  echo "OIIS slow-client benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, binary $OIIS," \
       "wrk -t$THREADS -c$CONNECTIONS ${DURATION}s, $IDLE idle + $SLOW slow connections"
  printf '%-8s %10s %13s %10s %8s %6s  %-24s %6s %6s %8s %6s %s\n' engine "alone/s" "p99 ms" \
    "crowd/s" "p99 ms" ratio "healthz p50/p99/max ms" failed probes reopened "open" load
  while read -r engine alone alone_p99 crowd crowd_p99 rest; do
    printf '%-8s %10s %13s %10s %8s %6s  %-24s %6s %6s %8s %6s %s\n' "$engine" "$alone" "$alone_p99" \
      "$crowd" "$crowd_p99" "$(ratio "$crowd" "$alone")" \
      "$(echo "$rest" | value p50_ms)/$(echo "$rest" | value p99_ms)/$(echo "$rest" | value max_ms)" \
      "$(echo "$rest" | value failed)" "$(echo "$rest" | value probes)" \
      "$(echo "$rest" | value reopened)" "$(echo "$rest" | value open_at_end)" "$(echo "$rest" | value load)"
  done <"$WORK/rows.txt"
  echo "bars: crowd/alone >= 0.9, /healthz max < 50 ms (open: crowd sockets still open at the end)"
}
