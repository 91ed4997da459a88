#!/bin/bash
# The cost of shared rate limits (docs/scale-out.md): GET /api/v1/products?limit=1 under wrk
# through one `oiis serve` (demo data, SQLite), the per-key limit kept in process or in Redis
# (--redis; the limit high enough never to refuse), two rounds. Prints wrk's summary per mode.
# Run from the repository root after building: bench/shared_rate_limit.sh [path/to/oiis]
set -u
OIIS=${1:-build/oiis}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "redis-server not found" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
OIIS=$(realpath "$OIIS")
cd "$WORK"
export OIIS_ADMIN_KEY=bench-admin-secret
redis-server --port 56391 --bind 127.0.0.1 --save "" --appendonly no --loglevel warning --daemonize no >/dev/null 2>&1 &
REDIS=$!
sleep 0.5
for round in 1 2; do
  for mode in local redis; do
    extra=(); [ $mode = redis ] && extra=(--redis redis://127.0.0.1:56391)
    rm -rf data; $OIIS serve --data data --port 58091 --host 127.0.0.1 --rate-limit 1000000 \
      --train-every 0 --monitor-every 0 --scan-alerts-every 0 "${extra[@]}" > serve.log 2>&1 &
    S=$!
    for i in $(seq 1 300); do curl -sf http://127.0.0.1:58091/healthz >/dev/null && break; sleep 0.2; done
    echo "== round $round, $mode (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    wrk -t2 -c8 -d8s --latency -H "Authorization: Bearer $OIIS_ADMIN_KEY" \
      "http://127.0.0.1:58091/api/v1/products?limit=1" | grep -E "Requests/sec|50%|99%|Non-2xx"
    kill $S; wait $S 2>/dev/null
  done
done
kill $REDIS; wait $REDIS 2>/dev/null
