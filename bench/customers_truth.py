#!/usr/bin/env python3
"""Customer models against a generated world's ground truth (GROUND_TRUTH/customers.csv).

  customers_truth.py alive CLV.json GROUND_TRUTH/customers.csv CALIBRATION_END
      P(alive) from `oiis customers clv --json` against whether the customer had truly not
      churned by the calibration end: AUC (the chance that a random alive customer gets a higher
      P(alive) than a random churned one), and mean P(alive) of each.
  customers_truth.py rfm RFM.json GROUND_TRUTH/customers.csv
      Share of each true segment in each RFM group, from `oiis customers rfm --json`."""
import csv, json, sys
from collections import Counter, defaultdict


def auc(positives, negatives):
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):  # average ranks over ties
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank_sum += sum(1 for k in range(i, j) if ranked[k][1]) * (i + j + 1) / 2
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def alive(clv_path, truth_path, calibration_end):
    truth = {r["external_id"]: r for r in csv.DictReader(open(truth_path))}
    customers = [c for c in json.load(open(clv_path))["customers"]
                 if c["customer_id"] in truth and truth[c["customer_id"]]["segment"] != "fraudster"]
    for label, rows in (("all customers", customers),
                        ("repeat buyers (x > 0)", [c for c in customers if c["frequency"] > 0])):
        yes, no, yes_quiet, no_quiet = [], [], [], []
        for c in rows:
            churn = truth[c["customer_id"]]["churn_date"]
            is_alive = not churn or churn > calibration_end
            (yes if is_alive else no).append(c["p_alive"])
            # The baseline: weeks since the last purchase (fewer = more likely alive).
            (yes_quiet if is_alive else no_quiet).append(-(c["T"] - c["recency"]))
        print("%s: P(alive) AUC %.3f (weeks since the last purchase: %.3f); mean P(alive) of the "
              "truly alive %.3f (%d), of the churned %.3f (%d)"
              % (label, auc(yes, no), auc(yes_quiet, no_quiet), sum(yes) / len(yes), len(yes),
                 sum(no) / len(no), len(no)))


def rfm(rfm_path, truth_path):
    truth = {r["external_id"]: r["segment"] for r in csv.DictReader(open(truth_path))}
    table = defaultdict(Counter)
    for c in json.load(open(rfm_path))["scores"]:
        if c["customer_id"] in truth:
            table[truth[c["customer_id"]]][c["group"]] += 1
    for segment, groups in sorted(table.items()):
        n = sum(groups.values())
        print("%-15s %5d  " % (segment, n) +
              ", ".join("%s %.0f%%" % (g, 100 * k / n) for g, k in groups.most_common(3)))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "alive":
        alive(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "rfm":
        rfm(*sys.argv[2:])
    else:
        sys.exit(__doc__)
