#!/usr/bin/env bash
# Fills WORK for bench/forecast_auto_replay.py and runs it: the validation split of each set
# (bench/make_validation_split.sh), three inner windows cut from it h by h, and every single
# model's forecasts on all four (`oiis forecast file --save-forecasts`). About 4 minutes on
# 2 threads. Data and binary as bench/forecast_validation.sh ($DATASETS, $OIIS_BIN).
# VALIDATION_WINDOWS=N (default 1) cuts N - 1 more inner windows so that the replay can also
# score each rule at the N - 1 windows before the validation window (each with the next three
# as its backtest origins): a rule that wins at one window only is luck, not a rule.
#
#   [VALIDATION_WINDOWS=N] bench/forecast_auto_replay.sh WORK
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 WORK" >&2; exit 2; }
work=$1
mkdir -p "$work"
oiis=${OIIS_BIN:-build/oiis}
data=${DATASETS:-../shared/datasets}
[ -d "$data/tourism" ] || data=/work/shared/datasets
methods=theta,otm,ets,arima,damped,mstl,snaive,prophet,naive2
for spec in "weekly m4/Weekly 13 1" "hourly m4/Hourly 48 24" \
    "monthly tourism/tourism-monthly 24 12" "quarterly tourism/tourism-quarterly 8 4" \
    "yearly tourism/tourism-yearly 4 1"; do
  set -- $spec
  name=$1 h=$3 m=$4
  bench/make_validation_split.sh "$data/$2-train.csv" "$h" "$work/$name-train.csv" "$work/$name-test.csv"
  prev="$work/$name-train.csv"
  inner=$((2 + ${VALIDATION_WINDOWS:-1}))
  for k in $(seq 1 "$inner"); do
    bench/make_validation_split.sh "$prev" "$h" "$work/i$k-$name-train.csv" "$work/i$k-$name-test.csv"
    prev="$work/i$k-$name-train.csv"
  done
  for window in val $(seq -f 'i%g' 1 "$inner"); do
    prefix=""
    [ "$window" = val ] || prefix="$window-"
    "$oiis" forecast file "$work/$prefix$name-train.csv" --test "$work/$prefix$name-test.csv" \
      --horizon "$h" --season "$m" --method "$methods" --threads "${THREADS:-2}" \
      --save-forecasts "$work/fc-$window/$name" >/dev/null 2>&1
  done
done
bench/forecast_auto_replay.py "$work" "${VALIDATION_WINDOWS:-1}"
