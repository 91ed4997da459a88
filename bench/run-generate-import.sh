#!/usr/bin/env bash
# Generator and bulk-load benchmark:
#   1. `oiis generate --seed 1 --products 1000 --customers 20000 --days 730`  (bar: < 30 s)
#   2. CSV round trip of the order lines: export the orders (one CSV row per order line) from
#      the generated store, import them into a fresh store that holds the same catalogue
#      (suppliers, locations, products, customers), and time the order import alone
#      (bar: >= 200,000 lines/s).
# Prints the figures; the generated store and the files are removed on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PRODUCTS=${PRODUCTS:-1000}
CUSTOMERS=${CUSTOMERS:-20000}
DAYS=${DAYS:-730}

build_oiis
WORK=$(make_workdir)

log "generate: seed 1, $PRODUCTS products, $CUSTOMERS customers, $DAYS days"
GEN_SECONDS=$(time_it "$OIIS" generate --data "$WORK/gen" --seed 1 --products "$PRODUCTS" \
  --customers "$CUSTOMERS" --days "$DAYS")
LINES=$(sqlite3 "$WORK/gen/oiis.db" "SELECT count(*) FROM order_lines")
ORDERS=$(sqlite3 "$WORK/gen/oiis.db" "SELECT count(*) FROM orders")

# The catalogue the orders refer to, in dependency order; then the orders themselves.
CATALOGUE=(suppliers locations products customers)
mkdir -p "$WORK/csv"
log "export: ${CATALOGUE[*]} orders (CSV)"
for entity in "${CATALOGUE[@]}" orders; do
  "$OIIS" export --data "$WORK/gen" --entity "$entity" --format csv \
    --output "$WORK/csv/$entity.csv" >&2
done
EXPORT_SECONDS=$(time_it "$OIIS" export --data "$WORK/gen" --entity orders --format csv \
  --output "$WORK/csv/orders-timed.csv")
CSV_ROWS=$(($(wc -l <"$WORK/csv/orders.csv") - 1))

log "import the catalogue into a fresh store"
for entity in "${CATALOGUE[@]}"; do
  "$OIIS" import --data "$WORK/load" --entity "$entity" --format csv "$WORK/csv/$entity.csv" >&2
done
log "import: orders ($CSV_ROWS CSV rows)"
IMPORT_SECONDS=$(time_it "$OIIS" import --data "$WORK/load" --entity orders --format csv \
  "$WORK/csv/orders.csv")
IMPORTED=$(sqlite3 "$WORK/load/oiis.db" "SELECT count(*) FROM order_lines")
[ "$IMPORTED" = "$LINES" ] || die "round trip lost lines: $LINES generated, $IMPORTED imported"

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "n/a" }'; }
bar() { awk -v v="$1" -v b="$2" -v d="$3" 'BEGIN { ok = d == "<" ? v < b : v >= b; print ok ? "ok" : "BELOW BAR" }'; }
IMPORT_RATE=$(rate "$LINES" "$IMPORT_SECONDS")
{
  echo
  echo "OIIS generate / import benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
  printf '%-52s %12s  %s\n' "generate ($PRODUCTS products, $CUSTOMERS customers, $DAYS days)" \
    "${GEN_SECONDS} s" "bar < 30 s: $(bar "$GEN_SECONDS" 30 '<')"
  printf '%-52s %12s\n' "  orders / order lines generated" "$ORDERS / $LINES"
  printf '%-52s %12s  %s lines/s\n' "export orders to CSV" "${EXPORT_SECONDS} s" \
    "$(rate "$LINES" "$EXPORT_SECONDS")"
  printf '%-52s %12s  %s lines/s  %s\n' "import orders from CSV (fresh store)" "${IMPORT_SECONDS} s" \
    "$IMPORT_RATE" "bar >= 200000/s: $(bar "$IMPORT_RATE" 200000 '>=')"
}
