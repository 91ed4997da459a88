#!/usr/bin/env bash
# M4 Weekly and Hourly: oiis's forecasters beside R forecast's ets/thetaf/auto.arima (and R
# prophet on request) on the same series in the same run. Prints sMAPE, MASE, OWA (against
# Naive2) and CPU ms per series for each, and the per-series time ratios R / oiis for ets,
# thetaf/theta, auto.arima/arima and prophet. Second periods (--season2): Weekly 52 (a year,
# used by mstl and prophet; m stays 1, M4's MASE period), Hourly 168.
#
#   bench/forecast_m4.sh [--limit N] [--r-limit N] [--sets "Weekly Hourly"] [--r-methods LIST]
#
# --limit: first N series of each set (default all); --r-limit: R only on the first N (default
# = --limit; R's Hourly ets takes ~3 s a series, auto.arima longer), and oiis is then also
# scored on those N for the side-by-side. --r-methods: comma-separated subset of
# ets,thetaf,arima,prophet (default the first three; prophet needs r-cran-prophet and is
# compared with oiis prophet --intervals, as R prophet's predict() also draws intervals).
# Needs R (scripts/install-bench-deps) unless --r-methods none. The oiis binary: $OIIS_BIN, default build/oiis. Data: $M4_DIR, default
# ../shared/datasets/m4 beside the repository, else /work/shared/datasets/m4.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=0 r_limit="" sets="Weekly Hourly" r_methods="ets,thetaf,arima"
while [ $# -gt 0 ]; do
  case "$1" in
    --limit) limit=$2; shift 2 ;;
    --r-limit) r_limit=$2; shift 2 ;;
    --sets) sets=$2; shift 2 ;;
    --r-methods) r_methods=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$r_limit" ] || r_limit=$limit

oiis=${OIIS_BIN:-build/oiis}
[ -x "$oiis" ] || { echo "no oiis binary at $oiis (build it or set OIIS_BIN)" >&2; exit 1; }
m4=${M4_DIR:-../shared/datasets/m4}
[ -d "$m4" ] || m4=/work/shared/datasets/m4
methods="auto,naive,snaive,naive2,ses,holt,damped,comb,ets,theta,otm,mstl,arima,prophet"

for set in $sets; do
  case "$set" in
    Weekly) h=13 m=1 m2=52 ;;
    Hourly) h=48 m=24 m2=168 ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  train="$m4/$set-train.csv" test="$m4/$set-test.csv"
  lim=()
  [ "$limit" -gt 0 ] && lim=(--limit "$limit")
  first=""
  [ "$limit" -gt 0 ] && first=", first $limit series"
  echo "== M4 $set (h=$h, m=$m)$first"
  "$oiis" forecast file "$train" --test "$test" --horizon "$h" --season "$m" --season2 "$m2" \
    --method "$methods" "${lim[@]}"
  [ "$r_methods" = none ] && continue
  command -v Rscript >/dev/null || { echo "Rscript not found: run scripts/install-bench-deps" >&2; exit 1; }
  n_r=$r_limit
  [ "$n_r" -gt 0 ] || n_r=100000
  echo "-- R forecast vs oiis on the same ${r_limit:-all} series (R: CPU s/series; OWA vs oiis Naive2)"
  ours=$("$oiis" forecast file "$train" --test "$test" --horizon "$h" --season "$m" \
    --method ets,theta,arima,auto,naive2 --limit "$n_r")
  if [[ ",$r_methods," == *,prophet,* ]]; then
    ours+=$'\n'$("$oiis" forecast file "$train" --test "$test" --horizon "$h" --season "$m" \
      --season2 "$m2" --method prophet --intervals --limit "$n_r" | grep '^prophet ')
  fi
  Rscript bench/forecast_m4.R "$train" "$test" "$h" "$m" "$n_r" "$r_methods" |
    awk -v ours="$ours" '
      BEGIN {
        n = split(ours, lines, "\n")
        for (i = 2; i <= n; i++) { split(lines[i], f, " +"); s[f[1]] = f[2]; ma[f[1]] = f[3]; ms[f[1]] = f[6] }
        printf "%-14s %9s %9s %8s %14s\n", "method", "sMAPE", "MASE", "OWA", "cpu ms/series"
        for (k in s) if (k != "naive2") printf "oiis %-9s %9.3f %9.3f %8.3f %14.3f\n", k, s[k], ma[k], 0.5*(s[k]/s["naive2"]+ma[k]/ma["naive2"]), ms[k]
      }
      {
        printf "R %-12s %9.3f %9.3f %8.3f %14.3f\n", $1, $2, $3, 0.5*($2/s["naive2"]+$3/ma["naive2"]), 1000*$4
        r_ms[$1] = 1000*$4
      }
      END {
        if (r_ms["ets"] > 0 && ms["ets"] > 0) printf "per-series time ratio, R ets / oiis ets: %.1fx\n", r_ms["ets"] / ms["ets"]
        if (r_ms["thetaf"] > 0 && ms["theta"] > 0) printf "per-series time ratio, R thetaf / oiis theta: %.1fx\n", r_ms["thetaf"] / ms["theta"]
        if (r_ms["arima"] > 0 && ms["arima"] > 0) printf "per-series time ratio, R auto.arima / oiis arima: %.1fx\n", r_ms["arima"] / ms["arima"]
        if (r_ms["prophet"] > 0 && ms["prophet"] > 0) printf "per-series time ratio, R prophet / oiis prophet: %.0fx\n", r_ms["prophet"] / ms["prophet"]
      }'
done
