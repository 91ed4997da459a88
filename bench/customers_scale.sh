#!/usr/bin/env bash
# The issue's scale bar: 100,000 customers scored end to end (features, churn with its
# training and validation windows, lifetime value) in under 10 s. A transaction file of N
# customers (bench/customers_scale.py, default 100,000) is scored by `oiis customers churn`
# and `oiis customers clv`; wall time, CPU time and peak memory of each, and their sum.
#
#   bench/customers_scale.sh [N]
# Binary: $OIIS_BIN, default build/oiis. Python: /usr/bin/python3 (numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
OIIS=${OIIS_BIN:-build/oiis}
N=${1:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 bench/customers_scale.py "$N" "$WORK/tx.csv"
total=0
for cmd in "churn --as-of 2024-12-30 --limit 1" "clv --calibration-end 2024-12-30 --limit 1"; do
  /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$OIIS" customers $cmd --transactions "$WORK/tx.csv" \
    > "$WORK/out.txt"
  read -r wall user peak < "$WORK/time"
  echo "customers ${cmd%% *}: ${wall} s wall, ${user} s user, $((peak / 1024)) MB peak"
  head -3 "$WORK/out.txt" | sed 's/^/  /'
  total=$(echo "$total + $wall" | bc)
done
echo "end to end (churn + clv): $total s for $N customers on $(nproc) cores"
