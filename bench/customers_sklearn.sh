#!/usr/bin/env bash
# K-Means and the churn model against scikit-learn on the same rows, in the same run
# (docs/customers.md "Against scikit-learn"; protocol in docs/evaluation.md).
#
#   bench/customers_sklearn.sh DATA_DIR|FILE.csv [...]
#
# Each DATA_DIR is copied to a scratch folder first (the store is opened for writing); a
# FILE.csv is a transaction file (customer_id,date,amount, e.g. bench/customers_scale.py's).
# `oiis customers bench-export` writes the standardised segment features and the churn
# training/validation windows and times our fits; bench/customers_sklearn.py fits scikit-learn
# on the same files (best of 3) and prints both with the ratios. scikit-learn's OpenMP
# threads: $THREADS (default: nproc, the cores ours uses too).
# Binary: $OIIS_BIN, default build/oiis. Python: Debian's /usr/bin/python3 (python3-sklearn).
set -euo pipefail
cd "$(dirname "$0")/.."
OIIS=${OIIS_BIN:-build/oiis}
PYTHON=${PYTHON:-/usr/bin/python3}
THREADS=${THREADS:-$(nproc)}
[ $# -ge 1 ] || { echo "usage: $0 DATA_DIR..." >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export OMP_NUM_THREADS=$THREADS
for data in "$@"; do
  echo "== $data"
  rm -rf "$WORK/data" "$WORK/out"
  if [ -f "$data" ]; then
    source=(--transactions "$data")
  else
    cp -r "$data" "$WORK/data"
    source=(--data "$WORK/data")
  fi
  "$OIIS" customers bench-export "${source[@]}" --out "$WORK/out" > "$WORK/ours.json"
  "$PYTHON" bench/customers_sklearn.py "$WORK/ours.json" "$WORK/out"
done
