"""scikit-learn 1.2.1 reference timings for the `trees` benchmark (prints one JSON line).

usage: trees.py WORKDIR N_ROWS N_FEATURES N_TREES THREADS

Times are the fastest of the repeats. Generates make_classification / make_regression data (seeded), writes it to WORKDIR as raw little-endian float64 files
so that Augur times exactly the same data, then times scikit-learn on it:
  - DecisionTreeClassifier(max_depth=10) and DecisionTreeRegressor(max_depth=10) fit (single-threaded, as scikit-learn is)
  - RandomForestClassifier(n_estimators=N_TREES, n_jobs=THREADS) fit, and predict_proba on the N_ROWS training rows
  - single-row predict_proba latency of that forest
The data sets have N_ROWS + N_ROWS/5 rows: models fit on the first N_ROWS; the rest is held out for AUC / R^2.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import r2_score, roc_auc_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor


def timed(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return float(np.min(times)), result


def main():
    work, n, p, trees, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    quick = n < 50000
    total = n + n // 5
    xc_all, yc_all = make_classification(n_samples=total, n_features=p, n_informative=p // 2, random_state=0)
    xr_all, yr_all = make_regression(n_samples=total, n_features=p, n_informative=p // 2, noise=5.0, random_state=0)
    xc, yc, xc_test, yc_test = xc_all[:n], yc_all[:n], xc_all[n:], yc_all[n:]
    xr, yr, xr_test, yr_test = xr_all[:n], yr_all[:n], xr_all[n:], yr_all[n:]
    os.makedirs(work, exist_ok=True)
    for name, arr in [("xc", xc_all), ("yc", yc_all.astype(np.float64)), ("xr", xr_all), ("yr", yr_all)]:
        np.ascontiguousarray(arr, dtype="<f8").tofile(os.path.join(work, f"trees_{name}.bin"))
    reps = 3 if quick else 2
    out = {"n": n, "p": p, "trees": trees, "threads": threads}

    out["dt_clf_fit"], dt = timed(lambda: DecisionTreeClassifier(max_depth=10, random_state=0).fit(xc, yc), reps)
    out["dt_clf_test_auc"] = float(roc_auc_score(yc_test, dt.predict_proba(xc_test)[:, 1]))
    out["dt_reg_fit"], dtr = timed(lambda: DecisionTreeRegressor(max_depth=10, random_state=0).fit(xr, yr), reps)
    out["dt_reg_test_r2"] = float(r2_score(yr_test, dtr.predict(xr_test)))

    out["rf_fit"], rf = timed(lambda: RandomForestClassifier(n_estimators=trees, n_jobs=threads, random_state=0).fit(xc, yc), 1 if not quick else 2)
    out["rf_predict"], _ = timed(lambda: rf.predict_proba(xc), 3)
    out["rf_test_auc"] = float(roc_auc_score(yc_test, rf.predict_proba(xc_test)[:, 1]))
    rows = xc_test[:200]
    latency = []
    for _ in range(3):
        t = time.perf_counter()
        for i in range(len(rows)):
            rf.predict_proba(rows[i:i + 1])
        latency.append((time.perf_counter() - t) / len(rows))
    out["rf_row_latency"] = min(latency)
    out["rf_nodes"] = int(sum(e.tree_.node_count for e in rf.estimators_))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
