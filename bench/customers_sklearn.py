"""K-Means and the churn model, ours against scikit-learn, on the same rows.

    customers_sklearn.py OURS.json DIR

OURS.json is `oiis customers bench-export`'s output; DIR holds the CSV files it wrote
(kmeans_features.csv standardised, kmeans_ours.csv our labels, churn_train.csv and
churn_valid.csv with the label last). scikit-learn gets the same k, k-means++ seeding, number
of restarts and iteration cap (tol=0: stop when nothing moves, as ours does); for churn, a
HistGradientBoostingClassifier with the same number of rounds, depth and learning rate.
Quality is scored by the same code for both sides: inertia, silhouette on the same sample,
validation AUC.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score, silhouette_score
from threadpoolctl import threadpool_limits


def inertia(x, labels):
    total = 0.0
    for k in np.unique(labels):
        rows = x[labels == k]
        total += ((rows - rows.mean(axis=0)) ** 2).sum()
    return total


def silhouette(x, labels):
    n = min(len(x), 5000)  # the O(n^2) score on one fixed sample for both sides
    rng = np.random.default_rng(0)
    rows = rng.choice(len(x), size=n, replace=False) if n < len(x) else np.arange(len(x))
    return silhouette_score(x[rows], labels[rows])


def best_of(runs, fn):
    """Minimum wall time of `runs` calls at 1 and at 2 OpenMP threads (the figure least
    disturbed by the shared machine, with scikit-learn's better thread count): (seconds,
    threads, result)."""
    best, threads, result = float("inf"), 0, None
    for limit in (1, 2):
        with threadpool_limits(limits=limit):
            for _ in range(runs):
                start = time.perf_counter()
                result = fn()
                elapsed = time.perf_counter() - start
                if elapsed < best:
                    best, threads = elapsed, limit
    return best, threads, result


def kmeans(ours, folder):
    x = np.loadtxt(f"{folder}/kmeans_features.csv", delimiter=",", skiprows=1, ndmin=2)
    our_labels = np.loadtxt(f"{folder}/kmeans_ours.csv", skiprows=1).astype(int)
    o = ours["kmeans"]
    model = KMeans(n_clusters=o["k"], init="k-means++", n_init=o["restarts"],
                   max_iter=o["max_iterations"], tol=0.0, algorithm="lloyd", random_state=0)
    seconds, threads, fitted = best_of(3, lambda: model.fit(x))
    return {"sklearn_threads": threads,
        "rows": len(x), "k": o["k"], "restarts": o["restarts"],
        "ours_seconds": o["fit_seconds"], "sklearn_seconds": seconds,
        "ours_inertia": inertia(x, our_labels), "sklearn_inertia": float(fitted.inertia_),
        "ours_silhouette": silhouette(x, our_labels),
        "sklearn_silhouette": silhouette(x, fitted.labels_),
    }


def churn(ours, folder):
    train = np.genfromtxt(f"{folder}/churn_train.csv", delimiter=",", skip_header=1)
    valid = np.genfromtxt(f"{folder}/churn_valid.csv", delimiter=",", skip_header=1)
    o = ours["churn"]
    model = HistGradientBoostingClassifier(
        max_iter=o["rounds"], max_depth=o["max_depth"], learning_rate=o["learning_rate"],
        min_samples_leaf=int(o["min_child_weight"]), early_stopping=False, random_state=0)

    def fit_and_score():
        model.fit(train[:, :-1], train[:, -1])
        return model.predict_proba(valid[:, :-1])[:, 1]

    seconds, threads, score = best_of(3, fit_and_score)
    return {"sklearn_threads": threads, "ours_threads": o["threads"],
        "train_rows": len(train), "validation_rows": len(valid),
        "ours_seconds": o["fit_seconds"] + o["predict_seconds"], "sklearn_seconds": seconds,
        "ours_auc": o["auc"], "sklearn_auc": roc_auc_score(valid[:, -1], score),
    }


def main():
    with open(sys.argv[1]) as f:
        ours = json.load(f)
    folder = sys.argv[2]
    k, c = kmeans(ours, folder), churn(ours, folder)
    print(f"K-Means: {k['rows']} customers x {len(ours['kmeans']['columns'])} features, "
          f"k={k['k']}, {k['restarts']} k-means++ restarts")
    print(f"  {'':10} {'seconds':>9} {'inertia':>12} {'silhouette':>11}")
    print(f"  {'ours':10} {k['ours_seconds']:9.4f} {k['ours_inertia']:12.1f} {k['ours_silhouette']:11.4f}")
    print(f"  {'sklearn':10} {k['sklearn_seconds']:9.4f} {k['sklearn_inertia']:12.1f} {k['sklearn_silhouette']:11.4f}   ({k['sklearn_threads']} thread(s); ours: every core)")
    print(f"  speed-up {k['sklearn_seconds'] / k['ours_seconds']:.1f}x, "
          f"inertia ratio ours/sklearn {k['ours_inertia'] / k['sklearn_inertia']:.4f}")
    print(f"churn: train {c['train_rows']} rows, validation {c['validation_rows']} rows "
          f"(window {ours['churn']['window_days']} days)")
    print(f"  {'':10} {'seconds':>9} {'AUC':>8}")
    print(f"  {'ours':10} {c['ours_seconds']:9.4f} {c['ours_auc']:8.4f}   (XGBoost, fit + predict, {c['ours_threads']} thread(s))")
    print(f"  {'sklearn':10} {c['sklearn_seconds']:9.4f} {c['sklearn_auc']:8.4f}   (HistGradientBoosting, {c['sklearn_threads']} thread(s))")
    print(f"  speed-up {c['sklearn_seconds'] / c['ours_seconds']:.1f}x, "
          f"AUC difference ours - sklearn {c['ours_auc'] - c['sklearn_auc']:+.4f}")
    print(json.dumps({"kmeans": k, "churn": c}))


if __name__ == "__main__":
    main()
