#!/usr/bin/env python3
"""Replays candidate rules for `auto` on the validation windows (docs/evaluation.md, "auto").

Each rule picks, per series, a combination of single-model forecasts from backtest scores at
up to three inner windows (the validation training series cut again, h by h: `auto`'s own
origins n-h, n-2h, n-3h) and is scored on the validation window. Prints the mean OWA over the
five sets and the OWA per set. Input: the folder bench/forecast_auto_replay.sh fills.

  bench/forecast_auto_replay.py WORK
"""
import csv
import statistics
import sys

SETS = {"weekly": (13, 1), "hourly": (48, 24), "monthly": (24, 12), "quarterly": (8, 4),
        "yearly": (4, 1)}


def read(path):
    with open(path) as f:
        rows = csv.reader(f)
        next(rows)
        return {r[0]: [float(x) for x in r[1:] if x != ""] for r in rows}


def smape(a, f):
    return sum(200 * abs(y - p) / (abs(y) + abs(p)) if abs(y) + abs(p) else 0
               for y, p in zip(a, f)) / len(a)


def mae(a, f):
    return sum(abs(y - p) for y, p in zip(a, f)) / len(a)


def combine(rows, how):
    if len(rows) == 1:
        return rows[0]
    agg = statistics.median if how == "median" else statistics.fmean
    return [agg(col) for col in zip(*rows)]


class ValidationSet:
    def __init__(self, work, name, methods):
        self.h, self.m = SETS[name]
        self.train = read(f"{work}/{name}-train.csv")
        self.test = read(f"{work}/{name}-test.csv")
        self.fc = {p: read(f"{work}/fc-val/{name}/{p}.csv") for p in methods + ["naive2"]}
        self.inner = [(read(f"{work}/i{k}-{name}-train.csv"), read(f"{work}/i{k}-{name}-test.csv"),
                       {p: read(f"{work}/fc-i{k}/{name}/{p}.csv") for p in methods})
                      for k in (1, 2, 3)]
        self.min_train = max(10, 2 * self.m + 1)  # as auto_select.cpp

    def origins(self, sid):
        ks = []
        for k, (train, _, _) in enumerate(self.inner):
            if sid not in train or len(train[sid]) < self.min_train:
                break
            ks.append(k)
        return ks

    def scores(self, sid, cands, ks):
        """auto's score: per origin 0.5 (sMAPE / mean sMAPE + MAE / mean MAE) over candidates."""
        total = dict.fromkeys(cands, 0.0)
        for k in ks:
            _, test, fcs = self.inner[k]
            err = {c: (smape(test[sid], fcs[c][sid]), mae(test[sid], fcs[c][sid])) for c in cands}
            ms = statistics.fmean(e[0] for e in err.values())
            ma = statistics.fmean(e[1] for e in err.values())
            for c in cands:
                total[c] += 0.5 * ((err[c][0] / ms if ms else 1) + (err[c][1] / ma if ma else 1))
        return total

    def owa(self, forecasts):
        def means(fc):
            s, q = [], []
            for sid in self.train:
                a, x = self.test[sid][:self.h], self.train[sid]
                s.append(smape(a, fc[sid]))
                scale = mae(x[self.m:], x[:-self.m]) if len(x) > self.m else 0
                if scale > 0:
                    q.append(mae(a, fc[sid]) / scale)
            return statistics.fmean(s), statistics.fmean(q)
        (s, q), (s2, q2) = means(forecasts), means(self.fc["naive2"])
        return 0.5 * (s / s2 + q / q2)


def candidates(vs, pool):
    return [p for p in pool if not (p in ("snaive", "prophet") and vs.m == 1)]


def pooled(pool, tolerance=0.3, cap=3, how="mean", short=("theta", "otm", "ets")):
    def rule(vs, sid):
        ks = vs.origins(sid)
        if not ks:
            return combine([vs.fc[p][sid] for p in short], how)
        sc = vs.scores(sid, candidates(vs, pool), ks)
        rank = sorted(sc, key=sc.get)
        members = [c for c in rank if sc[c] <= sc[rank[0]] * (1 + tolerance)][:cap]
        return combine([vs.fc[p][sid] for p in members], how)
    return rule


def static(members, how):
    return lambda vs, sid: combine([vs.fc[p][sid] for p in members], how)


POOL = ["theta", "otm", "ets", "mstl", "snaive"]
RULES = [
    ("static mean of ets, theta, arima", static(["ets", "theta", "arima"], "mean")),
    ("static median of ets, theta, arima", static(["ets", "theta", "arima"], "median")),
    ("pool within 30%, mean, at most 3", pooled(POOL)),
    ("pool, no cap", pooled(POOL, cap=99)),
    ("pool, median, no cap", pooled(POOL, cap=99, how="median")),
    ("pool without ETS", pooled(["theta", "otm", "mstl", "snaive"], short=("theta", "otm"))),
    ("pool + ARIMA", pooled(POOL + ["arima"])),
    ("pool + Damped", pooled(POOL + ["damped"])),
    ("pool + Naive2", pooled(POOL + ["naive2"])),
    ("pool + Prophet where m > 1 (frozen)", pooled(POOL + ["prophet"])),
]
METHODS = ["theta", "otm", "ets", "arima", "damped", "mstl", "snaive", "prophet", "naive2"]


def main(work):
    sets = {n: ValidationSet(work, n, METHODS) for n in SETS}
    print(f"{'rule':40s} {'mean':>6s} " + " ".join(f"{n:>9s}" for n in SETS))
    for label, rule in RULES:
        owas = [vs.owa({sid: rule(vs, sid) for sid in vs.train}) for vs in sets.values()]
        print(f"{label:40s} {statistics.fmean(owas):6.4f} " + " ".join(f"{o:9.3f}" for o in owas),
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
