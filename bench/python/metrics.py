"""Reference timings for the "metrics" benchmark: scikit-learn 1.2.1 metrics on large synthetic inputs.

Writes every input (float64 or int64, C order) under --out so that Augur scores exactly the same data, then prints
one JSON line with, for each metric, the median seconds of --repeats runs and the value.
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, required=True)
parser.add_argument("--cluster-rows", type=int, required=True)
parser.add_argument("--silhouette-rows", type=int, required=True)
parser.add_argument("--threads", type=int, required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

os.environ["OMP_NUM_THREADS"] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
from sklearn import metrics as M  # noqa: E402

os.makedirs(args.out, exist_ok=True)
rng = np.random.RandomState(0)
n = args.rows

# Binary labels and continuous scores (with some ties from rounding).
y_bin = rng.randint(0, 2, n).astype(np.int64)
score = np.round(y_bin * 0.7 + rng.randn(n), 4)
# Ten classes with noisy predictions.
y_multi = rng.randint(0, 10, n).astype(np.int64)
pred_multi = np.where(rng.rand(n) < 0.6, y_multi, rng.randint(0, 10, n)).astype(np.int64)
# Five-class probabilities.
y5 = rng.randint(0, 5, n).astype(np.int64)
logits = rng.randn(n, 5) + np.eye(5)[y5]
proba = np.exp(logits)
proba /= proba.sum(axis=1, keepdims=True)
# Two clusterings of cluster_rows rows.
m = args.cluster_rows
ca = rng.randint(0, 50, m).astype(np.int64)
cb = np.where(rng.rand(m) < 0.5, ca, rng.randint(0, 60, m)).astype(np.int64)
# Points in eight blobs for the silhouette.
s = args.silhouette_rows
sl = rng.randint(0, 8, s).astype(np.int64)
centers = rng.randn(8, 10) * 3
sx = centers[sl] + rng.randn(s, 10)

for name, a in [("y_bin", y_bin), ("score", score), ("y_multi", y_multi), ("pred_multi", pred_multi), ("y5", y5),
                ("proba", proba), ("ca", ca), ("cb", cb), ("sl", sl), ("sx", sx)]:
    np.ascontiguousarray(a).tofile(os.path.join(args.out, name + (".i64" if a.dtype == np.int64 else ".f64")))


def timed(action, repeats):
    times = []
    value = None
    for _ in range(repeats):
        t = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - t)
    return {"seconds": float(np.median(times)), "value": float(value)}


r = args.repeats
result = {
    "roc_auc": timed(lambda: M.roc_auc_score(y_bin, score), r),
    "average_precision": timed(lambda: M.average_precision_score(y_bin, score), r),
    "log_loss": timed(lambda: M.log_loss(y5, proba), r),
    "roc_auc_ovr": timed(lambda: M.roc_auc_score(y5, proba, multi_class="ovr"), r),
    "f1_macro": timed(lambda: M.f1_score(y_multi, pred_multi, average="macro"), r),
    "accuracy": timed(lambda: M.accuracy_score(y_multi, pred_multi), r),
    "confusion_matrix": timed(lambda: M.confusion_matrix(y_multi, pred_multi).sum(), r),
    "adjusted_mutual_info": timed(lambda: M.adjusted_mutual_info_score(ca, cb), r),
    "adjusted_rand": timed(lambda: M.adjusted_rand_score(ca, cb), r),
    "silhouette": timed(lambda: M.silhouette_score(sx, sl), 1),
}
print(json.dumps(result))
