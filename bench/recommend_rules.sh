#!/usr/bin/env bash
# Frequently-bought-together rules on the Groceries baskets: our FP-Growth (`oiis recommend
# rules`) beside Weka's Apriori and FPGrowth (Debian `weka`, scripts/install-bench-deps) with
# the same thresholds in the same run. Prints each tool's rule count and wall/CPU seconds, and
# the time ratios. Weka's figures include the JVM start (measured alone too, for reference).
#
#   bench/recommend_rules.sh [--support S] [--confidence C]     (defaults 0.001, 0.8)
# Data: $GROCERIES, default ../shared/datasets/groceries/groceries.csv, else /work/shared/...
set -euo pipefail
cd "$(dirname "$0")/.."
support=0.001 confidence=0.8
while [ $# -gt 0 ]; do
  case "$1" in
    --support) support=$2; shift 2 ;;
    --confidence) confidence=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
oiis=${OIIS_BIN:-build/oiis}
[ -x "$oiis" ] || { echo "no oiis binary at $oiis" >&2; exit 1; }
data=${GROCERIES:-../shared/datasets/groceries/groceries.csv}
[ -f "$data" ] || data=/work/shared/datasets/groceries/groceries.csv
weka=/usr/share/java/weka.jar
[ -f "$weka" ] || { echo "Weka missing: run scripts/install-bench-deps" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Weka reads ARFF: one nominal attribute per item with the single value t, '?' where absent
# (Apriori and FPGrowth then mine only the items present, as market-basket analysis needs).
python3 - "$data" "$work/groceries.arff" <<'PY'
import sys
rows = [line.rstrip("\n").split(",") for line in open(sys.argv[1]) if line.strip()]
items = sorted({i for r in rows for i in r})
index = {i: k for k, i in enumerate(items)}
with open(sys.argv[2], "w") as out:
    out.write("@relation groceries\n")
    for i in items:
        out.write("@attribute '%s' {t}\n" % i.replace("'", "\\'"))
    out.write("@data\n")
    for r in rows:
        cells = ["?"] * len(items)
        for i in r:
            cells[index[i]] = "t"
        out.write(",".join(cells) + "\n")
PY

timed() {  # label, command...: prints "label wall cpu" into $work/times and the command's output
  local label=$1; shift
  /usr/bin/time -f "$label %e %U %S" -o "$work/t" "$@" > "$work/$label.out" 2>&1
  cat "$work/t" >> "$work/times"
}
timed oiis "$oiis" recommend rules --baskets "$data" --min-support "$support" --min-confidence "$confidence" --json
timed jvm java -cp "$weka" weka.core.Version
common=(-N 1000000 -T 0 -C "$confidence" -D 0.05 -U 1.0 -M "$support")
timed weka_apriori java -Xmx4g -cp "$weka" weka.associations.Apriori "${common[@]}" -t "$work/groceries.arff"
timed weka_fpgrowth java -Xmx4g -cp "$weka" weka.associations.FPGrowth -P 1 -I -1 "${common[@]}" -t "$work/groceries.arff"

ours_rules=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['rules']))" "$work/oiis.out")
apriori_rules=$(grep -cE '^ *[0-9]+\. ' "$work/weka_apriori.out" || true)
fp_rules=$(grep -cE '^ *[0-9]+\. ' "$work/weka_fpgrowth.out" || true)
echo "support $support, confidence $confidence, $(wc -l < "$data") baskets"
awk -v o="$ours_rules" -v a="$apriori_rules" -v f="$fp_rules" '
  { wall[$1] = $2; cpu[$1] = $3 + $4 }
  END {
    printf "%-14s %8s %10s %10s\n", "tool", "rules", "wall s", "cpu s"
    printf "%-14s %8s %10.2f %10.2f\n", "oiis", o, wall["oiis"], cpu["oiis"]
    printf "%-14s %8s %10.2f %10.2f\n", "weka apriori", a, wall["weka_apriori"], cpu["weka_apriori"]
    printf "%-14s %8s %10.2f %10.2f\n", "weka fpgrowth", f, wall["weka_fpgrowth"], cpu["weka_fpgrowth"]
    printf "%-14s %8s %10.2f %10.2f\n", "(jvm start)", "-", wall["jvm"], cpu["jvm"]
    printf "wall ratio: apriori/oiis %.1fx, fpgrowth/oiis %.1fx\n", wall["weka_apriori"] / wall["oiis"], wall["weka_fpgrowth"] / wall["oiis"]
  }' "$work/times"
