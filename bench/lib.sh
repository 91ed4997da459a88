# Shared by the bench/run-*.sh scripts (sourced, not run). Builds a Release `oiis`, tracks
# every process and folder it creates, and removes them on exit, however the script ends.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${OIIS_BENCH_BUILD:-$ROOT/build-bench}
# OIIS_BENCH_BINARY=path uses an already built oiis (skips the Release build; say so in results).
OIIS=${OIIS_BENCH_BINARY:-$BUILD/oiis}
BENCH_KEY=bench-admin-key

_pids=()
_dirs=()
cleanup() {
  local pid
  for pid in "${_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  [ ${#_dirs[@]} -eq 0 ] || rm -rf "${_dirs[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# A scratch folder removed on exit (set OIIS_BENCH_KEEP=1 to keep it for a post-mortem).
make_workdir() {
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/oiis-bench-XXXXXX")
  [ "${OIIS_BENCH_KEEP:-0}" = 1 ] || _dirs+=("$dir")
  echo "$dir"
}

build_oiis() {
  if [ -n "${OIIS_BENCH_BINARY:-}" ]; then log "using $OIIS (not rebuilt)"; return; fi
  log "build oiis (Release) in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOIIS_BUILD_TESTS=OFF >/dev/null
  ninja -C "$BUILD" oiis >/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_server DATA_DIR LOG [extra serve args...]: sets SERVER_PORT and SERVER_PID, waits for
# /healthz.
start_server() {
  local data=$1 logfile=$2
  shift 2
  SERVER_PORT=$(free_port)
  OIIS_ADMIN_KEY=$BENCH_KEY "$OIIS" serve --data "$data" --host 127.0.0.1 --port "$SERVER_PORT" \
    "$@" >"$logfile" 2>&1 &
  SERVER_PID=$!
  _pids+=("$SERVER_PID")
  wait_healthy "$logfile"
}

# Debian's interpreter: python3-fastapi and python3-uvicorn are installed for it, whatever
# python3 comes first on PATH (pyenv, a virtualenv).
FASTAPI_PYTHON=${OIIS_BENCH_FASTAPI_PYTHON:-/usr/bin/python3}

# start_fastapi DB LOG: bench/fastapi_orders.py on DB; sets SERVER_PORT and SERVER_PID.
start_fastapi() {
  SERVER_PORT=$(free_port)
  "$FASTAPI_PYTHON" "$ROOT/bench/fastapi_orders.py" "$1" "$SERVER_PORT" >"$2" 2>&1 &
  SERVER_PID=$!
  _pids+=("$SERVER_PID")
  wait_healthy "$2"
}

# wait_healthy LOG: polls /healthz on SERVER_PORT while SERVER_PID lives (60 s at most).
wait_healthy() {
  for _ in $(seq 600); do
    if curl -fsS "http://127.0.0.1:$SERVER_PORT/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$1" >&2; die "server exited"; }
    sleep 0.1
  done
  tail -20 "$1" >&2
  die "server not healthy after 60 s"
}

stop_server() {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

# Seconds (with fractions) a command takes; its output goes to stderr.
time_it() {
  local start end
  start=$(date +%s.%N)
  "$@" >&2
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

# run_wrk SCRIPT SECONDS OUTFILE: wrk with bench/SCRIPT against $URL ($THREADS, $CONNECTIONS);
# warns when the script counted answers it did not expect.
# wrk's own CPU seconds (user system) go to OUTFILE.cpu when Debian's `time` is installed
# (scripts/install-bench-deps): on one machine the load generator's share is the server's loss.
run_wrk() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S' -o "$3.cpu" \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --latency -s "$ROOT/bench/$1" "$URL" >"$3"
  else
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --latency -s "$ROOT/bench/$1" "$URL" >"$3"
  fi
  cat "$3" >&2
  grep -q '^unexpected_status 0 ' "$3" || log "WARNING: $1 got unexpected answers: $(grep unexpected_status "$3")"
}
rps() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
# Latency percentile in ms from wrk --latency ("50%  1.23ms", "99%  850.00us", "2.1s").
pct() {
  awk -v p="$2%" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
                  m = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v; printf "%.2f", m }' "$1"
}
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "n/a" }'; }

# prepare_order_store WORK: generates $PRODUCTS products, $CUSTOMERS customers, $DAYS days into
# WORK/data with every stock level at 10^9 (so no placement is refused: a refusal is cheaper
# than a placement and would flatter the figure). Sets DATA, DB, MAX_CUSTOMER; WORK/skus.txt.
prepare_order_store() {
  DATA=$1/data
  log "generate: $PRODUCTS products, $CUSTOMERS customers, $DAYS days"
  "$OIIS" generate --data "$DATA" --seed 1 --products "$PRODUCTS" --customers "$CUSTOMERS" \
    --days "$DAYS" >"$1/generate.log" 2>&1 || { cat "$1/generate.log" >&2; die "generate failed"; }
  DB=$DATA/oiis.db
  sqlite3 "$DB" "UPDATE stock_levels SET on_hand = 1000000000, reserved = 0;
                 PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  sqlite3 "$DB" "SELECT sku FROM products WHERE active = 1 ORDER BY id" >"$1/skus.txt"
  MAX_CUSTOMER=$(sqlite3 "$DB" "SELECT max(id) FROM customers")
}

# CPU seconds (user + system) the process PID has used so far, from /proc.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
# Requests wrk completed, from its output file.
requests_done() { awk '/ requests in / { print $1 }' "$1"; }
# wrk_cpu_us_per_request WRK_OUTPUT: wrk's own CPU microseconds a request ("n/a" without time).
wrk_cpu_us_per_request() {
  [ -s "$1.cpu" ] || { echo n/a; return; }
  echo "$(cat "$1.cpu") $(requests_done "$1")" |
    awk '{ if ($3 > 0) printf "%.0f", ($1 + $2) * 1e6 / $3; else print "n/a" }'
}
# cpu_us_per_request CPU_BEFORE CPU_AFTER WRK_OUTPUT: the server's CPU microseconds a request.
cpu_us_per_request() {
  echo "$1 $2 $(requests_done "$3")" | awk '{ if ($3 > 0) printf "%.0f", ($2 - $1) * 1e6 / $3; else print "n/a" }'
}
