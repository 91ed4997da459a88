#!/usr/bin/env python3
"""OWA of equal-weight mean combinations of forecasts saved by `oiis forecast file --test ...
--save-forecasts DIR` (one DIR/<method>.csv per method), against DIR/naive2.csv: the M4
definitions of sMAPE, MASE (in-sample seasonal naive scale, period M) and OWA, means over
series as the oiis command computes them.

  bench/forecast_combination.py TRAIN.csv TEST.csv H M DIR ets+theta+arima [ets+otm ...]
"""
import csv
import sys


def read(path):
    with open(path) as f:
        rows = csv.reader(f)
        next(rows)
        return {r[0]: [float(x) for x in r[1:] if x != ""] for r in rows}


def errors(train, test, forecasts, h, m):
    """Mean sMAPE and mean MASE over the series (series with an undefined MASE skipped)."""
    smapes, mases = [], []
    for sid, f in forecasts.items():
        a, x = test[sid][:h], train[sid]
        smapes.append(sum(200 * abs(y - p) / (abs(y) + abs(p)) if abs(y) + abs(p) > 0 else 0
                          for y, p in zip(a, f)) / h)
        scale = (sum(abs(x[i] - x[i - m]) for i in range(m, len(x))) / (len(x) - m)
                 if len(x) > m else 0)
        if scale > 0:
            mases.append(sum(abs(y - p) for y, p in zip(a, f)) / h / scale)
    return sum(smapes) / len(smapes), sum(mases) / len(mases)


def main(train_path, test_path, h, m, folder, *combinations):
    h, m = int(h), int(m)
    train, test = read(train_path), read(test_path)
    ref = errors(train, test, read(f"{folder}/naive2.csv"), h, m)
    for combination in combinations:
        members = [read(f"{folder}/{name}.csv") for name in combination.split("+")]
        mean = {sid: [sum(col) / len(col) for col in zip(*(f[sid] for f in members))]
                for sid in members[0]}
        s, q = errors(train, test, mean, h, m)
        print(f"{combination:20s} {s:9.3f} {q:9.3f} {0.5 * (s / ref[0] + q / ref[1]):8.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
