#!/usr/bin/env python3
"""How well could any method recover the generator's customer segments? A supervised ceiling:
Gaussian naive Bayes fitted and scored on the same customers (in-sample, so optimistic).

  customers_segment_ceiling.py features SEGMENT.json GROUND_TRUTH/customers.csv [COLUMNS]
      on the behaviour features of `oiis customers segment --json` (COLUMNS: comma-separated,
      default every column)
  customers_segment_ceiling.py parameters GROUND_TRUTH/customers.csv HISTORY_START
      on the generator's own per-customer parameters: log visits a year, log basket lines and
      whether the customer signed up inside the history
Fraudsters (injected, not a segment) are left out."""
import csv, json, math, statistics, sys


def naive_bayes_accuracy(X, y):
    labels = sorted(set(y))
    model = {}
    for label in labels:
        rows = [x for x, t in zip(X, y) if t == label]
        model[label] = (math.log(len(rows) / len(X)),
                        [(statistics.mean(v), statistics.pstdev(v) + 1e-3) for v in zip(*rows)])

    def log_density(x, m):
        return m[0] + sum(-math.log(s) - (v - mu) ** 2 / (2 * s * s) for v, (mu, s) in zip(x, m[1]))

    hits = sum(max(labels, key=lambda l: log_density(x, model[l])) == t for x, t in zip(X, y))
    return hits / len(X), len(X)


def main():
    mode = sys.argv[1]
    if mode == "features":
        seg = json.load(open(sys.argv[2]))
        truth = {r["external_id"]: r["segment"] for r in csv.DictReader(open(sys.argv[3]))}
        cols = seg["features"]
        use = [cols.index(c) for c in sys.argv[4].split(",")] if len(sys.argv) > 4 else range(len(cols))
        X, y = [], []
        for c in seg["customers"]:
            label = truth.get(c["customer_id"])
            if label and label != "fraudster":
                X.append([c["features"][i] for i in use])
                y.append(label)
    elif mode == "parameters":
        rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["segment"] != "fraudster"]
        X = [[math.log(float(r["visits_per_year"])), math.log(float(r["basket_lines"])),
              1.0 if r["signup_date"] >= sys.argv[3] else 0.0] for r in rows]
        y = [r["segment"] for r in rows]
    else:
        sys.exit(__doc__)
    accuracy, n = naive_bayes_accuracy(X, y)
    print("supervised ceiling (naive Bayes, in-sample): accuracy %.3f on %d customers" % (accuracy, n))


if __name__ == "__main__":
    main()
