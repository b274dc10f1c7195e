"""Reference timings for the "linear" benchmark: scikit-learn 1.2.1 linear models on synthetic data.

Generates make_classification / make_regression data (seeded), writes it under --out as raw float64 (C order) so that
Augur fits exactly the same numbers, times each fit (median of --repeats after one warm-up), scores the held-out rows,
and prints one JSON line.
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--test-rows", type=int, required=True)
parser.add_argument("--features", type=int, default=50)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
from sklearn.datasets import make_classification, make_regression  # noqa: E402
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge  # noqa: E402

os.makedirs(args.out, exist_ok=True)
n, t, p = args.rows, args.test_rows, args.features
Xc, yc = make_classification(n_samples=n + t, n_features=p, n_informative=p // 2, random_state=0)
Xr, yr = make_regression(n_samples=n + t, n_features=p, n_informative=p // 2, noise=10.0, random_state=0)
for name, arr in (("xc", Xc), ("yc", yc.astype(np.float64)), ("xr", Xr), ("yr", yr)):
    np.ascontiguousarray(arr, dtype=np.float64).tofile(os.path.join(args.out, name + ".f64"))


def timed(make, X, y):
    make().fit(X, y)
    times = []
    model = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        model = make().fit(X, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times)), model


def r2(m, X, y):
    return float(m.score(X, y))


result = {"threads": args.threads}
for name, make, X, y, score in (
    ("logistic", lambda: LogisticRegression(), Xc, yc, r2),
    ("linear", lambda: LinearRegression(), Xr, yr, r2),
    ("ridge", lambda: Ridge(), Xr, yr, r2),
    ("lasso", lambda: Lasso(), Xr, yr, r2),
):
    seconds, model = timed(make, X[:n], y[:n])
    coef = np.ravel(model.coef_)
    entry = {"seconds": seconds, "score": score(model, X[n:], y[n:]), "coef": coef.tolist(),
             "intercept": float(np.ravel(model.intercept_)[0])}
    if name == "logistic":
        entry["n_iter"] = int(np.ravel(model.n_iter_)[0])
    if name == "lasso":
        entry["n_iter"] = int(model.n_iter_)
    # Single-row predict latency, for context.
    row = X[n:n + 1]
    model.predict(row)
    reps = 2000
    start = time.perf_counter()
    for _ in range(reps):
        model.predict(row)
    entry["predict_row_us"] = (time.perf_counter() - start) / reps * 1e6
    result[name] = entry
print(json.dumps(result))
