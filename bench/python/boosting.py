"""Reference timings for the "boosting" benchmark: scikit-learn's HistGradientBoostingClassifier and XGBoost's hist
booster on make_classification data, 100 iterations, 31 leaves, no early stopping, the same thread count as Augur.

Writes the data set (train/test split, float64, C order) under --out so that Augur trains on exactly the same rows,
then prints one JSON line with fit and predict seconds and test AUC for each library.
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--features", type=int, required=True)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--repeats", type=int, default=5)
args = parser.parse_args()

# Thread counts must be fixed before the OpenMP runtimes start.
os.environ["OMP_NUM_THREADS"] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
import xgboost  # noqa: E402

os.makedirs(args.out, exist_ok=True)
n, p = args.rows, args.features
X, y = make_classification(n_samples=n, n_features=p, n_informative=p // 2, n_redundant=p // 4,
                           random_state=0)
X = np.ascontiguousarray(X, dtype=np.float64)
n_train = int(n * 0.8)
X_train, X_test, y_train, y_test = X[:n_train], X[n_train:], y[:n_train].astype(np.float64), y[n_train:].astype(np.float64)
for name, a in [("x_train", X_train), ("y_train", y_train), ("x_test", X_test), ("y_test", y_test)]:
    a.tofile(os.path.join(args.out, name + ".f64"))


def median_seconds(action, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        action()
        times.append(time.perf_counter() - t)
    return float(np.median(times))


def run(make):
    # Warm up (imports, thread pools, JIT-free but page-faulting code paths) on a small slice.
    make().fit(X_train[:2000], y_train[:2000])
    model = make()
    t, c = time.perf_counter(), time.process_time()
    model.fit(X_train, y_train)
    fit, fit_cpu = time.perf_counter() - t, time.process_time() - c
    proba = model.predict_proba(X_test)[:, 1]
    for _ in range(2):
        model.predict_proba(X_test)
    predict = median_seconds(lambda: model.predict_proba(X_test), args.repeats)
    return {"fit_s": fit, "fit_cpu_s": fit_cpu, "predict_s": predict, "auc": float(roc_auc_score(y_test, proba))}


hgb = run(lambda: HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20,
                                                 max_bins=255, early_stopping=False, random_state=0))
xgb = run(lambda: xgboost.XGBClassifier(n_estimators=100, learning_rate=0.1, tree_method="hist", grow_policy="lossguide",
                                        max_leaves=31, max_depth=0, max_bin=255, n_jobs=args.threads, random_state=0))
print(json.dumps({"rows": n, "features": p, "train_rows": n_train, "threads": args.threads, "hgb": hgb, "xgboost": xgb,
                  "sklearn": __import__("sklearn").__version__, "xgboost_version": xgboost.__version__,
                  "python": sys.version.split()[0]}))
