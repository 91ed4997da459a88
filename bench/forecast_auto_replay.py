#!/usr/bin/env python3
"""Replays candidate rules for `auto` on the validation windows (docs/evaluation.md, "auto").

Each rule picks, per series, a combination of single-model forecasts from backtest scores at
up to three inner windows (the validation training series cut again, h by h: `auto`'s own
origins n-h, n-2h, n-3h) and is scored on the validation window. Prints the mean OWA over the
five sets and the OWA per set. Input: the folder bench/forecast_auto_replay.sh fills.
With WINDOWS > 1 each rule is also scored at the WINDOWS - 1 windows before the validation
window (window k scored, windows k+1..k+3 its backtest origins) and the OWA per set is the
mean over the windows; the last column is the worst window's mean over sets.

  bench/forecast_auto_replay.py WORK [WINDOWS]
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


def window_files(work, name, k, methods):
    """Train, test and saved forecasts of window k (0 = the validation window, k = inner k)."""
    prefix, fc = ("", "fc-val") if k == 0 else (f"i{k}-", f"fc-i{k}")
    return (read(f"{work}/{prefix}{name}-train.csv"), read(f"{work}/{prefix}{name}-test.csv"),
            {p: read(f"{work}/{fc}/{name}/{p}.csv") for p in methods})


class ValidationSet:
    def __init__(self, work, name, methods, window=0):
        self.h, self.m = SETS[name]
        self.train, self.test, self.fc = window_files(work, name, window, methods + ["naive2"])
        self.inner = [window_files(work, name, k, methods) for k in range(window + 1, window + 4)]
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


def pooled(pool, tolerance=0.3, cap=3, how="mean", short=("theta", "otm", "ets"), origins=3):
    def rule(vs, sid):
        ks = vs.origins(sid)[:origins]
        if not ks:
            return combine([vs.fc[p][sid] for p in short], how)
        sc = vs.scores(sid, candidates(vs, pool), ks)
        rank = sorted(sc, key=sc.get)
        members = [c for c in rank if sc[c] <= sc[rank[0]] * (1 + tolerance)][:cap]
        return combine([vs.fc[p][sid] for p in members], how)
    return rule


def static(members, how):
    return lambda vs, sid: combine([vs.fc[p][sid] for p in members], how)


def blend(*rules):
    return lambda vs, sid: combine([r(vs, sid) for r in rules], "mean")


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
    ("frozen, tolerance 50%", pooled(POOL + ["prophet"], tolerance=0.5)),
    ("frozen + ARIMA", pooled(POOL + ["prophet", "arima"])),
    ("mean of frozen and static ets+theta+arima", blend(pooled(POOL + ["prophet"]),
                                                        static(["ets", "theta", "arima"], "mean"))),
    ("frozen, 2 backtest origins", pooled(POOL + ["prophet"], origins=2)),
    ("frozen, 1 backtest origin", pooled(POOL + ["prophet"], origins=1)),
]
METHODS = ["theta", "otm", "ets", "arima", "damped", "mstl", "snaive", "prophet", "naive2"]


def main(work, windows):
    sets = [{n: ValidationSet(work, n, METHODS, w) for n in SETS} for w in range(windows)]
    print(f"{'rule':40s} {'mean':>6s} " + " ".join(f"{n:>9s}" for n in SETS) +
          ("  worst window" if windows > 1 else ""))
    for label, rule in RULES:
        per_window = [[vs.owa({sid: rule(vs, sid) for sid in vs.train}) for vs in w.values()]
                      for w in sets]
        owas = [statistics.fmean(col) for col in zip(*per_window)]
        worst = max(statistics.fmean(w) for w in per_window)
        print(f"{label:40s} {statistics.fmean(owas):6.4f} " + " ".join(f"{o:9.3f}" for o in owas) +
              (f"  {worst:6.4f}" if windows > 1 else ""), flush=True)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 1)
