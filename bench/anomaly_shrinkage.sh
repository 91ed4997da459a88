#!/usr/bin/env bash
# Shrinkage (docs/anomaly.md "Shrinkage", docs/evaluation.md): generates the validation worlds
# (seeds 101, 102) and the held-out ones (201, 202, 203) with routine counts, then runs
# `oiis anomaly shrinkage --ground-truth` on each with the frozen defaults. Extra arguments go
# to the scan (e.g. --min-z 6 for a validation grid). About 20 s per world on 2 cores.
#
#   bench/anomaly_shrinkage.sh [WORK_DIR] [-- SCAN OPTIONS...]    (WORK_DIR default /tmp/shrinkage-worlds)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/shrinkage-worlds}
shift || true
[ "${1:-}" = "--" ] && shift
oiis=${OIIS_BIN:-build/oiis}
mkdir -p "$work"
for seed in 101 102 201 202 203; do
  dir="$work/seed-$seed"
  if [ ! -f "$dir/ground_truth/anomalies.csv" ]; then
    rm -rf "$dir"
    "$oiis" generate --data "$dir" --seed "$seed" --products 1000 --customers 20000 --days 730 \
      --locations 2 --cycle-count-days 30 >/dev/null
  fi
  role=$([ "$seed" -lt 200 ] && echo validation || echo held-out)
  printf 'seed %s (%s): ' "$seed" "$role"
  "$oiis" anomaly shrinkage --data "$dir" --ground-truth "$dir/ground_truth" --limit 0 "$@" | tail -1
done
