"""scikit-learn reference timings for the `nbsvm` benchmark (neighbours, naive Bayes, SVM, PCA).

Usage: nbsvm.py WORKDIR [--quick]
Writes the shared synthetic data (make_blobs) to WORKDIR/nbsvm_blobs.f64 (raw little-endian float64, row-major, with a
two-int64 header: rows, cols) so Augur times the very same matrix, then prints one JSON line of median timings.
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import make_blobs
from sklearn.decomposition import PCA
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

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


def load(name, target):
    df = pd.read_csv(os.path.join(DATA, name))
    return df.drop(columns=[target]).to_numpy(dtype=np.float64), df[target].to_numpy()


def standardize(x):
    return (x - x.mean(axis=0)) / x.std(axis=0)


def main():
    work = sys.argv[1]
    quick = "--quick" in sys.argv
    repeats = 3 if quick else 7
    out = {"sklearn": sklearn.__version__, "threads": os.cpu_count()}

    xd, yd = load("digits.csv", "target")
    test = np.arange(len(yd)) % 4 == 0
    knn = KNeighborsClassifier().fit(xd[~test], yd[~test])
    out["knn_predict_s"] = median_seconds(lambda: knn.predict(xd[test]), repeats * 3)
    out["knn_accuracy"] = float((knn.predict(xd[test]) == yd[test]).mean())

    n = 20_000 if quick else 200_000
    xb, _ = make_blobs(n_samples=n, n_features=20, centers=8, random_state=0)
    xb = np.ascontiguousarray(xb, dtype=np.float64)
    with open(os.path.join(work, "nbsvm_blobs.f64"), "wb") as f:
        f.write(np.array(xb.shape, dtype="<i8").tobytes())
        f.write(xb.astype("<f8").tobytes())
    pca = PCA(n_components=10)
    out["pca_fit_s"] = median_seconds(lambda: pca.fit(xb), repeats)
    out["pca_ratio_sum"] = float(pca.fit(xb).explained_variance_ratio_.sum())
    out["pca_solver"] = pca._fit_svd_solver

    xc, yc = load("breast_cancer.csv", "diagnosis")
    zc = standardize(xc)
    out["svc_cancer_fit_s"] = median_seconds(lambda: SVC().fit(zc, yc), repeats)
    out["svc_cancer_nsv"] = int(SVC().fit(zc, yc).n_support_.sum())
    zd = xd / 16.0
    out["svc_digits_fit_s"] = median_seconds(lambda: SVC().fit(zd[~test], yd[~test]), repeats)
    out["svc_digits_nsv"] = int(SVC().fit(zd[~test], yd[~test]).n_support_.sum())
    out["svc_prob_cancer_fit_s"] = median_seconds(lambda: SVC(probability=True, random_state=0).fit(zc, yc), max(3, repeats // 2))

    gnb = GaussianNB()
    out["gnb_fit_s"] = median_seconds(lambda: gnb.fit(xd[~test], yd[~test]), repeats * 3)
    out["gnb_predict_s"] = median_seconds(lambda: gnb.predict_proba(xd[test]), repeats * 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
