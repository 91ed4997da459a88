#!/usr/bin/env bash
# Scale-out on one PostgreSQL (docs/scale-out.md): order placement under wrk through one
# `oiis serve` process, then through two at once (one wrk each, half the connections each),
# then two again with one of them killed -9 a third of the way in, after which the database is
# checked: no stock level below zero, every level equal to the sum of its movements, no
# idempotency key with two orders, and at least as many stored orders as wrk counted 201s.
# (wrk cannot retry on the other process; tests/integration/scale_out_orders_test.cpp does,
# and checks every acknowledged order by its key.)
#
#   OIIS_BENCH_BINARY=build/oiis bench/scale_out_orders.sh     # reuse a build (say so)
#   DURATION=20 CONNECTIONS=32 bench/scale_out_orders.sh
#
# PostgreSQL runs with its default durability (fsync on, synchronous_commit on) in a temporary
# folder, as user postgres when run as root. Every process shares the machine's cores: on a
# 2-core box wrk, PostgreSQL and the servers compete, and the second process cannot add cores.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SKUS=${SKUS:-200}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
PG_BIN=${OIIS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found (set OIIS_PG_BIN)"
build_oiis

WORK=$(make_workdir)
chmod 755 "$WORK"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGDATA_DIR=$WORK/pg
mkdir -p "$PGDATA_DIR" && chmod 700 "$PGDATA_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR" && chmod 777 "$WORK"
PG_PORT=$(free_port)
stop_postgres() { as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true; }
trap 'cleanup; stop_postgres' EXIT
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" --auth=trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/postgres.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK -c max_connections=200" >/dev/null
psql_q() { "$PG_BIN/psql" -X -qAt -h 127.0.0.1 -p "$PG_PORT" -U postgres -d oiis -c "$1"; }
"$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE oiis" postgres
STORE=postgresql://postgres@127.0.0.1:$PG_PORT/oiis

# Servers A and B on the database (A first: it migrates).
start_server "$WORK/a" "$WORK/a.log" --store "$STORE" --no-seed
PORT_A=$SERVER_PORT PID_A=$SERVER_PID
api() {  # METHOD PATH BODY
  curl -fsS -X "$1" "http://127.0.0.1:$PORT_A$2" -H "Authorization: Bearer $BENCH_KEY" \
    -H 'Content-Type: application/json' -d "$3" >/dev/null
}
log "catalogue: $SKUS SKUs at one location, 10^6 units each"
api POST /api/v1/locations '{"code":"WH1","name":"Warehouse"}'
for i in $(seq "$SKUS"); do
  api POST /api/v1/products "{\"sku\":\"S$i\",\"name\":\"Item $i\",\"price\":2.5}"
  api POST /api/v1/stock/adjustments \
    "{\"sku\":\"S$i\",\"location_id\":1,\"type\":\"count\",\"quantity\":1000000,\"reason\":\"bench\"}"
  echo "S$i"
done >"$WORK/skus.txt"

export OIIS_KEY=$BENCH_KEY OIIS_SKUS_FILE=$WORK/skus.txt OIIS_BENCH_DIR=$ROOT/bench
# wrk_orders LABEL PORT THREADS CONNECTIONS SECONDS: output in $WORK/LABEL.txt
wrk_orders() {
  OIIS_RUN=$1 wrk -t"$3" -c"$4" -d"$5"s --latency -s "$ROOT/bench/scale_out_orders.lua" \
    "http://127.0.0.1:$2" >"$WORK/$1.txt" 2>&1 || true
}
ok_answers() {  # 201s wrk saw: completed requests minus unexpected statuses
  awk '/requests in/ { n = $1 } /^unexpected_status/ { u = $2 } END { print n - u }' "$1"
}

log "one process: warm-up 2 s, then $DURATION s, $CONNECTIONS connections"
wrk_orders warm "$PORT_A" 2 "$CONNECTIONS" 2
wrk_orders one "$PORT_A" 2 "$CONNECTIONS" "$DURATION"
cat "$WORK/one.txt" >&2

start_server "$WORK/b" "$WORK/b.log" --store "$STORE" --no-seed
PORT_B=$SERVER_PORT
half=$((CONNECTIONS / 2))
log "two processes: one wrk each, $half connections each, $DURATION s"
wrk_orders twoA "$PORT_A" 1 "$half" "$DURATION" &
wrk_a=$!
wrk_orders twoB "$PORT_B" 1 "$half" "$DURATION"
wait "$wrk_a"  # (a bare wait would also wait for the servers)
cat "$WORK/twoA.txt" "$WORK/twoB.txt" >&2

log "two processes, A killed -9 after $((DURATION / 3)) s of $DURATION s"
wrk_orders killA "$PORT_A" 1 "$half" "$DURATION" &
wrk_a=$!
wrk_orders killB "$PORT_B" 1 "$half" "$DURATION" &
wrk_b=$!
sleep $((DURATION / 3))
kill -KILL "$PID_A"
wait "$wrk_a" "$wrk_b"
cat "$WORK/killA.txt" "$WORK/killB.txt" >&2

negative=$(psql_q "SELECT count(*) FROM stock_levels WHERE on_hand < 0")
unbalanced=$(psql_q "SELECT count(*) FROM stock_levels s WHERE on_hand <> (SELECT coalesce(sum(quantity), 0)
  FROM stock_movements m WHERE m.product_id = s.product_id AND m.location_id = s.location_id)")
duplicates=$(psql_q "SELECT count(*) - count(DISTINCT idempotency_key) FROM orders WHERE idempotency_key <> ''")
stored_kill=$(psql_q "SELECT count(*) FROM orders WHERE idempotency_key LIKE '%:kill%'")
acked_kill=$(( $(ok_answers "$WORK/killA.txt") + $(ok_answers "$WORK/killB.txt") ))

rps_of() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
one=$(rps_of "$WORK/one.txt")
two=$(( $(rps_of "$WORK/twoA.txt") + $(rps_of "$WORK/twoB.txt") ))
echo
echo "cores: $(nproc)   load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %10s %10s %10s\n' "run" "orders/s" "p50 ms" "p99 ms"
printf '%-28s %10s %10s %10s\n' "one process" "$one" "$(pct "$WORK/one.txt" 50)" "$(pct "$WORK/one.txt" 99)"
printf '%-28s %10s %10s %10s\n' "two processes (sum; A, B)" "$two" \
  "$(pct "$WORK/twoA.txt" 50), $(pct "$WORK/twoB.txt" 50)" "$(pct "$WORK/twoA.txt" 99), $(pct "$WORK/twoB.txt" 99)"
echo "two / one: $(ratio "$two" "$one")"
echo "kill -9 run: $acked_kill orders acknowledged (201), $stored_kill stored;" \
  "levels below zero: $negative; levels unequal to their movements: $unbalanced;" \
  "keys with two orders: $duplicates"
[ "$negative" = 0 ] && [ "$unbalanced" = 0 ] && [ "$duplicates" = 0 ] &&
  [ "$stored_kill" -ge "$acked_kill" ] || die "a scale-out invariant failed (see above)"
echo "invariants hold"
