"""Reference timings for the clustering benchmark (scikit-learn).

Usage: clustering.py WORKDIR [--quick]
Generates the data sets (raw little-endian float64, row-major, written to WORKDIR so Augur times the very same data),
times scikit-learn on them and prints one JSON line.
"""
import json
import os
import sys
import time

import numpy as np
from threadpoolctl import threadpool_info
from sklearn.cluster import DBSCAN, KMeans
from sklearn.datasets import make_blobs
from sklearn.mixture import GaussianMixture

work = sys.argv[1]
quick = "--quick" in sys.argv
os.makedirs(work, exist_ok=True)


def save(name, x):
    np.ascontiguousarray(x, dtype="<f8").tofile(os.path.join(work, name + ".bin"))
    return {"file": name + ".bin", "rows": int(x.shape[0]), "cols": int(x.shape[1])}


def median_time(fit, repeats):
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - t)
    return float(np.median(times)), result


repeats = 1 if quick else 3
out = {"threads": max((i.get("num_threads", 1) for i in threadpool_info() if i.get("user_api") == "openmp"), default=os.cpu_count())}

# k-means: make_blobs(200000, 20, centers=8), 8 clusters, scikit-learn 1.2 defaults (k-means++, n_init=10, lloyd).
n = 20000 if quick else 200000
x, _ = make_blobs(n_samples=n, n_features=20, centers=8, random_state=0)
out["kmeans_data"] = save("kmeans", x)
for algorithm in ["lloyd", "elkan"]:
    seconds, km = median_time(lambda: KMeans(n_clusters=8, n_init=10, algorithm=algorithm, random_state=0).fit(x), repeats)
    out[f"kmeans_{algorithm}"] = {"seconds": seconds, "inertia": float(km.inertia_), "n_iter": int(km.n_iter_)}
    np.asarray(km.labels_, dtype="<i4").tofile(os.path.join(work, f"kmeans_{algorithm}_labels.bin"))

# Gaussian mixture: make_blobs(20000, 10, centers=5), 5 full-covariance components.
n = 5000 if quick else 20000
x, _ = make_blobs(n_samples=n, n_features=10, centers=5, random_state=1)
out["gmm_data"] = save("gmm", x)
seconds, gm = median_time(lambda: GaussianMixture(n_components=5, covariance_type="full", random_state=0).fit(x), repeats)
out["gmm"] = {"seconds": seconds, "score": float(gm.score(x)), "n_iter": int(gm.n_iter_)}

# DBSCAN: make_blobs(20000, 2, centers=5, cluster_std=0.5), eps 0.3, min_samples 10.
n = 5000 if quick else 20000
x, _ = make_blobs(n_samples=n, n_features=2, centers=5, cluster_std=0.5, random_state=2)
out["dbscan_data"] = save("dbscan", x)
seconds, db = median_time(lambda: DBSCAN(eps=0.3, min_samples=10).fit(x), repeats)
np.asarray(db.labels_, dtype="<i4").tofile(os.path.join(work, "dbscan_labels.bin"))
out["dbscan"] = {"seconds": seconds, "clusters": int(db.labels_.max() + 1), "noise": int((db.labels_ == -1).sum())}

print(json.dumps(out))
