#!/usr/bin/env bash
# The validation protocol of `auto` (docs/evaluation.md): M4 Weekly/Hourly and Tourism
# monthly/quarterly/yearly, each training file's last h values held out as a validation window
# (bench/make_validation_split.sh). Prints, per set, auto and the single models it is measured
# against (ets, theta, otm, arima, naive2; CPU ms per series) and the mean of ets, theta and
# arima ("comb", bench/forecast_combination.py).
#
#   bench/forecast_validation.sh [--sets "weekly hourly monthly quarterly yearly"] [--check]
#                                [--test] [--methods LIST]
#
# --check: exit 1 when auto's validation OWA of a set is above its documented figure (the
# full-set regression guard; tests/forecast/auto_validation_test.cpp guards subsets in CI).
# --test: score the real test files instead — only once a choice is frozen, and label the
# figures as test figures. Data: $DATASETS, default ../shared/datasets beside the repository,
# else /work/shared/datasets. Binary: $OIIS_BIN, default build/oiis. Threads: $THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

sets="weekly hourly monthly quarterly yearly" check=0 split=validation
methods="auto,ets,theta,otm,arima,naive2"
while [ $# -gt 0 ]; do
  case "$1" in
    --sets) sets=$2; shift 2 ;;
    --check) check=1; shift ;;
    --test) split=test; shift ;;
    --methods) methods=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ ",$methods," == *,naive2,* ]] || methods="$methods,naive2"  # the OWA reference, saved
oiis=${OIIS_BIN:-build/oiis}
[ -x "$oiis" ] || { echo "no oiis binary at $oiis (build it or set OIIS_BIN)" >&2; exit 1; }
data=${DATASETS:-../shared/datasets}
[ -d "$data/tourism" ] || data=/work/shared/datasets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# auto's documented validation OWA per set (docs/evaluation.md, "auto"), the --check bound.
declare -A bound=([weekly]=0.724 [hourly]=0.466 [monthly]=0.782 [quarterly]=0.750 [yearly]=0.900)
failed=0
for set in $sets; do
  case "$set" in
    weekly) file=m4/Weekly h=13 m=1 ;;
    hourly) file=m4/Hourly h=48 m=24 ;;
    monthly) file=tourism/tourism-monthly h=24 m=12 ;;
    quarterly) file=tourism/tourism-quarterly h=8 m=4 ;;
    yearly) file=tourism/tourism-yearly h=4 m=1 ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  train="$data/$file-train.csv" test="$data/$file-test.csv"
  if [ "$split" = validation ]; then
    bench/make_validation_split.sh "$train" "$h" "$work/$set-train.csv" "$work/$set-test.csv"
    train="$work/$set-train.csv" test="$work/$set-test.csv"
    echo "== $set (h=$h, m=$m): VALIDATION windows (last $h values of each training series)"
  else
    echo "== $set (h=$h, m=$m): TEST files — score once, after the choice is frozen"
  fi
  out=$("$oiis" forecast file "$train" --test "$test" --horizon "$h" --season "$m" \
    --method "$methods" --threads "${THREADS:-2}" --save-forecasts "$work/fc-$set" 2>/dev/null)
  echo "$out"
  if [[ ",$methods," == *,ets,* && ",$methods," == *,theta,* && ",$methods," == *,arima,* ]]; then
    bench/forecast_combination.py "$train" "$test" "$h" "$m" "$work/fc-$set" ets+theta+arima |
      sed 's/^ets+theta+arima     /comb    /'
  fi
  owa=$(awk '$1 == "auto" { print $4 }' <<<"$out")
  if [ "$check" = 1 ] && [ "$split" = validation ] && [ -n "$owa" ]; then
    if awk -v o="$owa" -v b="${bound[$set]}" 'BEGIN { exit !(o > b) }'; then
      echo "FAIL: $set auto validation OWA $owa above its documented ${bound[$set]}"
      failed=1
    else
      echo "ok: $set auto validation OWA $owa <= ${bound[$set]}"
    fi
  fi
done
exit $failed
