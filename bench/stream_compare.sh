#!/usr/bin/env bash
# Redis Streams vs NATS JetStream for OIIS's order events (docs/scale-out.md, "Event stream").
# Starts redis-server (AOF on, fsync every second) and nats-server -js (file storage) on free
# loopback ports in a temporary folder, runs bench/stream_compare.cpp against each: publish
# rate, consume rate, end-to-end latency, how long a repeated id is refused, then the restart check (publish N confirmed events,
# kill -9 the server, restart it on the same files, count what is there and publish 1..N again).
# Builds oiis_stream in build/ (configure it first); compiles the bench with g++ -O2.
# Usage: bench/stream_compare.sh [events (20000)] [restart events (5000)]
#   env: REDIS_FSYNC=everysec|always, RESTART_ROUNDS=1, SKIP_RATES=1 (restart check only)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-20000}
restart_events=${2:-5000}
build=${BUILD:-build}
redis_fsync=${REDIS_FSYNC:-everysec}  # Redis's AOF fsync policy: everysec (its default) or always
rounds=${RESTART_ROUNDS:-1}          # how many times the restart check is repeated
nice ninja -C "$build" -j"${JOBS:-1}" oiis_stream oiis_common > /dev/null
bin="$build/stream_compare"
g++ -O2 -DNDEBUG -std=c++20 -Isrc bench/stream_compare.cpp "$build"/liboiis_stream.a \
  "$build"/liboiis_common.a $(pkg-config --libs hiredis xgboost) -lcrypto -pthread -o "$bin"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

start_redis() {
  redis-server --port "$1" --bind 127.0.0.1 --dir "$work/redis" --appendonly yes \
    --appendfsync "$redis_fsync" --save "" --loglevel warning > /dev/null &
  pids+=($!); redis_pid=$!; wait_port "$1"
  # After a restart Redis accepts connections but answers LOADING until its AOF is read back.
  for _ in $(seq 100); do [ "$(redis-cli -p "$1" ping 2>/dev/null)" = PONG ] && return 0; sleep 0.05; done
}
start_nats() {
  nats-server -js -a 127.0.0.1 -p "$1" -sd "$work/nats" > /dev/null 2>&1 &
  pids+=($!); nats_pid=$!; wait_port "$1"
}
mkdir -p "$work/redis" "$work/nats"
rport=$(free_port); nport=$(free_port)
start_redis "$rport"; start_nats "$nport"
echo "machine: $(nproc) cores, redis-server $(redis-server --version | awk '{print $3}'), $(nats-server --version)"
echo "redis appendfsync $redis_fsync"
if [ "${SKIP_RATES:-0}" = 0 ]; then
  "$bin" "redis://127.0.0.1:$rport" rate "$events"
  "$bin" "nats://127.0.0.1:$nport" rate "$events"
  "$bin" "redis://127.0.0.1:$rport" window
  "$bin" "nats://127.0.0.1:$nport" window
fi

for round in $(seq "$rounds"); do for kind in redis nats; do
  port=$([ $kind = redis ] && echo "$rport" || echo "$nport")
  "$bin" "$kind://127.0.0.1:$port" fill "$restart_events" "bench-restart-$round"
  pid=$([ $kind = redis ] && echo "$redis_pid" || echo "$nats_pid")
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true  # (bash reports the kill: expected)
  start=$(date +%s.%N)
  if [ $kind = redis ]; then start_redis "$port"; else start_nats "$port"; fi
  printf '%s: restarted and answering in %.2f s; ' "$kind" "$(echo "$(date +%s.%N) - $start" | bc)"
  "$bin" "$kind://127.0.0.1:$port" check "$restart_events" "bench-restart-$round"
done; done
