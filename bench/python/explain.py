"""scikit-learn reference timings for the `explain` benchmark.

Usage: explain.py WORKDIR [--quick] [--threads N]
Times permutation_importance of a 100-tree RandomForestClassifier on wine (train rows i % 4 != 0, scored on the
rest; n_repeats=5), once on one thread (n_jobs=1 for the forest and for permutation_importance) and once on every
core (n_jobs=-1 for both), and prints one JSON line of median timings and the top features.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import permutation_importance

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")


def median_seconds(fn, repeats, warmup=1):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2]


def main():
    quick = "--quick" in sys.argv
    repeats = 3 if quick else 7
    df = pd.read_csv(os.path.join(DATA, "wine.csv"))
    x = df.drop(columns=["target"])
    y = df["target"]
    test = np.arange(len(x)) % 4 == 0
    out = {"sklearn": sklearn.__version__}
    for label, jobs in (("one", 1), ("all", -1)):
        forest = RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=jobs).fit(x[~test], y[~test])

        def run():
            return permutation_importance(forest, x[test], y[test], n_repeats=5, random_state=0, n_jobs=jobs)

        out[f"perm_{label}_s"] = median_seconds(run, repeats)
        r = run()
        out[f"perm_{label}_top3"] = [x.columns[i] for i in np.argsort(-r.importances_mean)[:3]]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
