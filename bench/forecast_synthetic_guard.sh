#!/usr/bin/env bash
# Regression guard for the synthetic weekly forecast figure (docs/evaluation.md "Synthetic
# forecasts without the generator's leaks"): the blind world (seed 2027, 1,000 products, 20,000
# customers, 730 days), Q4 held out, A-class 1-WAPE against true demand, default gbm, with and
# without the price plan. Fails (exit 1) when either falls more than 0.01 below its documented
# value (0.768 / 0.726). About a minute on 2 cores; too slow for the test command.
#
#   bench/forecast_synthetic_guard.sh      (OIIS_BIN: the oiis binary, default build/oiis)
set -euo pipefail
cd "$(dirname "$0")/.."
oiis=${OIIS_BIN:-build/oiis}
[ -x "$oiis" ] || { echo "no oiis binary at $oiis (build it or set OIIS_BIN)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$oiis" generate --data "$work/world" --seed 2027 --products 1000 --customers 20000 --days 730 >/dev/null
status=0
check() {  # label, documented figure, extra backtest options
  local label=$1 documented=$2
  shift 2
  local got
  got=$("$oiis" forecast backtest --data "$work/world" --level weekly --holdout 13 --method gbm \
          --threads 1 --ground-truth "$work/world/ground_truth" "$@" |
        awk '/^A-class, true demand/ {print $5}')
  local verdict
  verdict=$(awk -v g="$got" -v d="$documented" 'BEGIN {print (g >= d - 0.01) ? "ok" : "FAIL"}')
  printf '%-22s A-class 1-WAPE (true demand) %s, documented %s: %s\n' "$label" "$got" "$documented" "$verdict"
  [ "$verdict" = ok ] || status=1
}
check "with the price plan" 0.768
check "without" 0.726 --no-price-plan
exit $status
