#!/usr/bin/env bash
# Order risk: our Isolation Forest (`oiis anomaly orders`, the whole command: store scan,
# features, fit, scores) beside scikit-learn's IsolationForest (python3-sklearn,
# scripts/install-bench-deps) fitted and scored on the same features (exported by our run) with
# the same settings (100 trees, 256 samples), in the same run. Prints recall at the alert rate
# and PR-AUC against the generator's fraud labels, and the time ratio.
#
#   bench/anomaly_orders.sh DATA_DIR [ALERT_RATE]     (DATA_DIR from `oiis generate`)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:?usage: bench/anomaly_orders.sh DATA_DIR [ALERT_RATE]}
rate=${2:-0.05}
oiis=${OIIS_BIN:-build/oiis}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/time -f "%e %U %S" -o "$work/time" "$oiis" anomaly orders --data "$data" \
  --ground-truth "$data/ground_truth" --alert-rate "$rate" --features-out "$work/features.csv" \
  --json > "$work/ours.json"
/usr/bin/python3 - "$work" "$data/ground_truth/anomalies.csv" "$rate" <<'PY'  # Debian python: python3-sklearn
import csv, json, sys, time
import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score
work, labels_path, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
fraud = {int(r["entity_id"]) for r in csv.DictReader(open(labels_path)) if r["type"] == "fraud"}
rows = np.loadtxt(f"{work}/features.csv", delimiter=",", skiprows=1)
ids, x = rows[:, 0].astype(np.int64), rows[:, 1:]
y = np.array([i in fraud for i in ids])
start = time.process_time(); wall = time.time()
model = IsolationForest(n_estimators=100, max_samples=256, random_state=1, n_jobs=1).fit(x)
score = -model.score_samples(x)
sk_cpu, sk_wall = time.process_time() - start, time.time() - wall
alerts = int(np.ceil(rate * len(ids)))
top = np.argsort(-score)[:alerts]
ours = json.load(open(f"{work}/ours.json"))
wall_s, user, sys_s = map(float, open(f"{work}/time").read().split())
e = ours["evaluation"]
print(f"{len(ids)} orders, {int(y.sum())} fraud, alert rate {rate:.0%}")
print(f"{'':22s} {'recall':>7s} {'PR-AUC':>7s} {'wall s':>7s} {'cpu s':>7s}")
print(f"{'oiis (whole command)':22s} {e['recall']:7.3f} {e['pr_auc']:7.3f} {wall_s:7.2f} {user + sys_s:7.2f}")
print(f"{'oiis (fit+score)':22s} {'':7s} {'':7s} {ours['model_seconds']:7.2f}")
print(f"{'sklearn (fit+score)':22s} {y[top].sum() / max(y.sum(), 1):7.3f} {average_precision_score(y, score):7.3f} {sk_wall:7.2f} {sk_cpu:7.2f}")
print(f"time ratio sklearn / oiis, fit+score: {sk_wall / ours['model_seconds']:.1f}x; sklearn fit+score / our whole command: {sk_wall / wall_s:.1f}x")
PY
