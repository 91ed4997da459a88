#!/usr/bin/env bash
# Reproduces the figures in docs/customers.md (protocol: docs/evaluation.md "Customers").
#
#   bench/customers_figures.sh [holdout|segments|speed]...   (default: all three)
#
# holdout:  Online Retail II 2009-2010 imported into a scratch store; BG/NBD calibrated through
#           2010-05-31 and scored on the next 26 weeks against the naive past-rate baseline;
#           the same on the CDNOW sample (39 weeks calibration, 39 weeks holdout).
# segments: generated worlds, seed 7 (validation: the default features were chosen on it) and
#           seed 8 (test: run once, after the choice); accuracy after best matching and the
#           adjusted Rand index against the generator's segments, k by silhouette and k = 5;
#           the supervised ceiling (bench/customers_segment_ceiling.py); on the test world,
#           BG/NBD's holdout, P(alive) against true churn and RFM groups by true segment
#           (bench/customers_truth.py).
# speed:    a world with about 100,000 buying customers; wall time of clv, rfm and segment.
# Data: $DATASETS, default ../shared/datasets beside the repository, else /work/shared/datasets.
# Binary: $OIIS_BIN, default build/oiis. Scratch: $WORK (default: a temporary folder, removed).
set -euo pipefail
cd "$(dirname "$0")/.."
OIIS=${OIIS_BIN:-build/oiis}
DATASETS=${DATASETS:-$(pwd)/../shared/datasets}
[ -d "$DATASETS" ] || DATASETS=/work/shared/datasets
if [ -z "${WORK:-}" ]; then
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi
steps=${*:-holdout segments speed}

holdout() {
  local gz=$DATASETS/online-retail-ii-2010/online_retail_ii_2009-2010.csv.gz
  [ -f "$gz" ] || { echo "skipped holdout: $gz is absent"; return; }
  gunzip -c "$gz" > "$WORK/or.csv"
  "$OIIS" import --data "$WORK/or" --format online-retail "$WORK/or.csv" > /dev/null
  "$OIIS" customers clv --data "$WORK/or" --calibration-end 2010-05-31 --holdout-end 2010-11-29 --limit 0
  local cdnow=$DATASETS/cdnow/CDNOW_sample.txt
  [ -f "$cdnow" ] || { echo "skipped CDNOW: $cdnow is absent"; return; }
  echo "-- CDNOW sample, the paper's 39 + 39 weeks"
  awk 'BEGIN { print "customer_id,date,amount" }
       { printf "%s,%s-%s-%s,%s\n", $2, substr($3,1,4), substr($3,5,2), substr($3,7,2), $5 }' \
    "$cdnow" > "$WORK/cdnow.csv"
  "$OIIS" customers clv --transactions "$WORK/cdnow.csv" --calibration-end 1997-09-30 \
    --holdout-end 1998-06-30 --limit 0 | tail -3
}

segments_of() {  # seed products customers label
  "$OIIS" generate --data "$WORK/w$1" --seed "$1" --products "$2" --customers "$3" --days 730 > /dev/null
  echo "-- $4 world: seed $1, $2 products, $3 customers, 730 days"
  "$OIIS" customers segment --data "$WORK/w$1" --truth "$WORK/w$1/ground_truth/customers.csv" \
    | grep -E "segments|truth"
  "$OIIS" customers segment --data "$WORK/w$1" --truth "$WORK/w$1/ground_truth/customers.csv" \
    --k-min 5 --k-max 5 | grep -E "segments|truth"
  "$OIIS" customers segment --data "$WORK/w$1" --json > "$WORK/seg$1.json"
  python3 bench/customers_segment_ceiling.py features "$WORK/seg$1.json" \
    "$WORK/w$1/ground_truth/customers.csv" \
    log_overdue,log_orders_per_year,log_order_value,basket_lines,discount_share,tenure_days
  python3 bench/customers_segment_ceiling.py parameters "$WORK/w$1/ground_truth/customers.csv" 2023-01-01
}

segments() {
  segments_of 7 300 5000 validation
  segments_of 8 500 20000 test
  echo "-- test world: BG/NBD holdout, P(alive) and RFM groups against the truth"
  "$OIIS" customers clv --data "$WORK/w8" --calibration-end 2024-06-30 --holdout-end 2024-12-29 \
    --json > "$WORK/clv8.json"
  python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["holdout"]))' \
    "$WORK/clv8.json"
  python3 bench/customers_truth.py alive "$WORK/clv8.json" "$WORK/w8/ground_truth/customers.csv" 2024-06-30
  "$OIIS" customers rfm --data "$WORK/w8" --json > "$WORK/rfm8.json"
  python3 bench/customers_truth.py rfm "$WORK/rfm8.json" "$WORK/w8/ground_truth/customers.csv"
}

speed() {
  "$OIIS" generate --data "$WORK/big" --seed 21 --products 1000 --customers 125000 --days 365 > /dev/null
  for cmd in "clv --calibration-end 2023-09-30 --limit 1" "rfm --limit 1" "segment"; do
    /usr/bin/time -f "customers ${cmd%% *}: %e s wall, %U s user, %M KB peak" \
      "$OIIS" customers $cmd --data "$WORK/big" > "$WORK/out.txt"
    grep -E "^top|customers in|RFM as of" "$WORK/out.txt" || true
  done
}

for step in $steps; do
  echo "== $step"
  "$step"
done
