#!/usr/bin/env bash
# Scoring orders at placement (docs/anomaly.md "Scoring each order at placement"): generates
# worlds with injected fraud and replays the last DAYS days of each through the placement model
# (`oiis anomaly placement`): time per order (the issue's bar: under 1 ms), the share of orders
# rated high and medium, and how many labelled fraud orders in the replay came out high. Then
# the same on any store given (e.g. an imported Online Retail year: no labels, levels only).
#
#   bench/anomaly_placement.sh [WORK_DIR] [STORE_DIR...]   (WORK_DIR default /tmp/placement-worlds)
#   DAYS=365 SEEDS="5 11 2027" PRODUCTS=1000 CUSTOMERS=20000
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/placement-worlds}
shift || true
oiis=${OIIS_BIN:-build/oiis}
days=${DAYS:-365}
mkdir -p "$work"
for seed in ${SEEDS:-5 11 2027}; do
  dir="$work/seed-$seed"
  if [ ! -f "$dir/ground_truth/anomalies.csv" ]; then
    rm -rf "$dir"
    "$oiis" generate --data "$dir" --seed "$seed" --products "${PRODUCTS:-1000}" \
      --customers "${CUSTOMERS:-20000}" --days 730 >/dev/null
  fi
  echo "== seed $seed (last $days days replayed)"
  "$oiis" anomaly placement --data "$dir" --ground-truth "$dir/ground_truth" --days "$days"
done
for store in "$@"; do
  echo "== $store (last 60 days replayed)"
  copy=$(mktemp -d) && cp -r "$store"/. "$copy"
  "$oiis" anomaly placement --data "$copy" --days 60
  rm -rf "$copy"
done
