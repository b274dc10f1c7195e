"""Reference values for Augur's clustering, calibration and k-fold splitter tests.

Run with Debian's Python (scikit-learn 1.2.1):  /usr/bin/python3 generate.py
Writes one JSON file per topic next to this script. Data: iris and wine from data/, make_blobs with fixed seeds.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.cluster import DBSCAN, AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.isotonic import IsotonicRegression
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.naive_bayes import GaussianNB

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def tolist(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, dict):
        return {k: tolist(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [tolist(x) for x in v]
    return v


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(tolist(obj), f, separators=(",", ":"))
        f.write("\n")


def iris():
    df = pd.read_csv(os.path.join(DATA, "iris.csv"))
    return df.drop(columns="species").to_numpy(float), df["species"].to_numpy()


def wine_std():
    df = pd.read_csv(os.path.join(DATA, "wine.csv"))
    x = df.drop(columns="target").to_numpy(float)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x, df["target"].to_numpy()


def breast_cancer():
    df = pd.read_csv(os.path.join(DATA, "breast_cancer.csv"))
    return df.drop(columns="diagnosis").to_numpy(float), (df["diagnosis"] == "malignant").to_numpy().astype(int)


# ----------------------------------------------------------------------------------------------- splitters
def splitters():
    out = {"kfold": [], "stratified": []}
    for n, k in [(10, 3), (11, 4), (150, 5), (7, 7)]:
        folds = [[tr, te] for tr, te in KFold(n_splits=k).split(np.zeros(n))]
        out["kfold"].append({"n": n, "n_splits": k, "folds": folds})
    _, y_iris = iris()
    _, y_wine = wine_std()
    rng = np.random.RandomState(3)
    y_imb = rng.permutation(np.array([2] * 7 + [0] * 20 + [1] * 4 + [5] * 2))
    y_str = np.array(list("bbbaacacbcbbaacbbbbcacaab"))
    for name, y, k in [("iris", y_iris, 5), ("iris", y_iris, 3), ("wine", y_wine, 5), ("imbalanced", y_imb, 4),
                       ("strings", y_str, 3)]:
        folds = [[tr, te] for tr, te in StratifiedKFold(n_splits=k).split(np.zeros(len(y)), y)]
        out["stratified"].append({"name": name, "y": [str(v) if isinstance(v, str) else int(v) for v in y] if name != "iris" else None,
                                  "n_splits": k, "folds": folds})
    write("splitters.json", out)


# ----------------------------------------------------------------------------------------------- k-means
def kmeans():
    cases = []
    xi, _ = iris()
    xw, _ = wine_std()
    xb, _ = make_blobs(n_samples=600, n_features=5, centers=4, cluster_std=1.5, random_state=1)
    rng = np.random.RandomState(0)
    for name, x, k in [("iris", xi, 3), ("wine", xw, 4), ("blobs", xb, 4), ("blobs8", xb, 8)]:
        init = x[rng.choice(len(x), k, replace=False)] + 0.01 * rng.randn(k, x.shape[1])
        for algorithm in ["lloyd", "elkan"]:
            for weighted in [False, True]:
                sw = rng.uniform(0.2, 2.0, len(x)) if weighted else None
                km = KMeans(n_clusters=k, init=init, n_init=1, algorithm=algorithm).fit(x, sample_weight=sw)
                probe = x[:5] + 0.1
                cases.append({
                    "name": name, "k": k, "init": init, "algorithm": algorithm, "sample_weight": sw,
                    "centers": km.cluster_centers_, "labels": km.labels_, "inertia": km.inertia_, "n_iter": km.n_iter_,
                    "probe": probe, "probe_transform": km.transform(probe), "probe_predict": km.predict(probe),
                    "probe_score": km.score(probe),
                })
    # k-means++: inertia over seeds (our seeds draw differently, so tests compare within a margin).
    pp = []
    for name, x, k in [("iris", xi, 3), ("wine", xw, 3), ("blobs", xb, 4)]:
        runs = []
        for seed in range(5):
            km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(x)
            runs.append({"seed": seed, "inertia": km.inertia_, "labels": km.labels_})
        one = [KMeans(n_clusters=k, n_init=1, random_state=s).fit(x).inertia_ for s in range(20)]
        pp.append({"name": name, "k": k, "runs": runs, "single_init_inertia": one})
    # Mini-batch k-means: inertia over seeds (compared within a margin).
    from sklearn.cluster import MiniBatchKMeans
    xl, _ = make_blobs(n_samples=5000, n_features=4, centers=6, cluster_std=1.0, random_state=3)
    mb = []
    for name, x, k in [("blobs_large", xl, 6), ("wine", xw, 3)]:
        inertias = [MiniBatchKMeans(n_clusters=k, random_state=s, batch_size=256).fit(x).inertia_ for s in range(5)]
        full = KMeans(n_clusters=k, n_init=10, random_state=0).fit(x).inertia_
        mb.append({"name": name, "k": k, "inertia": inertias, "kmeans_inertia": full})
    write("kmeans.json", {"minibatch": mb, "datasets": {"iris": xi, "wine": xw, "blobs": xb, "blobs8": xb, "blobs_large": xl}, "explicit": cases, "plusplus": pp})


# ----------------------------------------------------------------------------------------------- DBSCAN
def dbscan():
    cases = []
    x, _ = make_blobs(n_samples=400, centers=4, cluster_std=0.6, random_state=0)
    noise = np.random.RandomState(1).uniform(x.min(0), x.max(0), size=(40, 2))
    x2 = np.vstack([x, noise])
    rng = np.random.RandomState(2)
    sw = rng.randint(1, 4, len(x2)).astype(float)
    x20, _ = make_blobs(n_samples=300, n_features=20, centers=3, cluster_std=2.0, random_state=4)
    xc, _ = make_blobs(n_samples=300, n_features=3, centers=[[5, 1, 0], [0, 5, 1], [1, 0, 5]], cluster_std=0.8, random_state=5)
    configs = [
        ("blobs2d", x2, dict(eps=0.3, min_samples=10), None),
        ("blobs2d", x2, dict(eps=0.5, min_samples=5), None),
        ("blobs2d_manhattan", x2, dict(eps=0.4, min_samples=6, metric="manhattan"), None),
        ("blobs2d_weighted", x2, dict(eps=0.3, min_samples=12), sw),
        ("blobs2d_brute", x2, dict(eps=0.3, min_samples=10, algorithm="brute"), None),
        ("blobs20d", x20, dict(eps=5.5, min_samples=5), None),
        ("cosine", xc, dict(eps=0.02, min_samples=8, metric="cosine"), None),
        ("single_point_clusters", x2, dict(eps=0.05, min_samples=1), None),
    ]
    for name, data, params, w in configs:
        db = DBSCAN(**params).fit(data, sample_weight=w)
        cases.append({"name": name, "data": {"blobs20d": "blobs20d", "cosine": "cosine"}.get(name, "blobs2d"), "params": params, "sample_weight": w, "labels": db.labels_,
                      "core_sample_indices": db.core_sample_indices_})
    write("dbscan.json", {"datasets": {"blobs2d": x2, "blobs20d": x20, "cosine": xc}, "cases": cases})


# ----------------------------------------------------------------------------------------------- agglomerative
def agglomerative():
    cases = []
    xi, _ = iris()
    xw, _ = wine_std()
    xb, _ = make_blobs(n_samples=150, n_features=3, centers=5, cluster_std=1.2, random_state=7)
    for name, x in [("wine", xw), ("blobs", xb), ("iris", xi)]:
        for linkage, metrics in [("ward", ["euclidean"]), ("complete", ["euclidean", "manhattan", "cosine"]),
                                 ("average", ["euclidean", "manhattan", "cosine"]), ("single", ["euclidean", "manhattan", "cosine"])]:
            for metric in metrics:
                for k in [3, 5]:
                    ag = AgglomerativeClustering(n_clusters=k, linkage=linkage, metric=metric, compute_distances=True).fit(x)
                    cases.append({"name": name, "linkage": linkage, "metric": metric, "n_clusters": k,
                                  "children": ag.children_, "distances": ag.distances_, "labels": ag.labels_})
    thresholds = []
    for linkage, t in [("ward", 8.0), ("complete", 5.0), ("average", 3.5), ("single", 1.5)]:
        ag = AgglomerativeClustering(n_clusters=None, distance_threshold=t, linkage=linkage).fit(xw)
        thresholds.append({"linkage": linkage, "threshold": t, "n_clusters": ag.n_clusters_, "labels": ag.labels_})
    write("agglomerative.json", {"datasets": {"wine": xw, "blobs": xb, "iris": xi}, "cases": cases, "thresholds": thresholds})


# ----------------------------------------------------------------------------------------------- Gaussian mixtures
def gmm():
    cases = []
    xi, yi = iris()
    xb, yb = make_blobs(n_samples=500, n_features=3, centers=3, cluster_std=[1.0, 2.0, 0.5], random_state=11)
    for name, x, y in [("iris", xi, yi), ("blobs", xb, yb)]:
        labels = np.unique(y)
        k = len(labels)
        d = x.shape[1]
        rng = np.random.RandomState(5)
        means = np.array([x[y == c].mean(0) for c in labels]) + 0.3 * rng.randn(k, d)
        weights = np.full(k, 1.0 / k)
        covs = [np.cov(x[y == c].T) + 0.1 * np.eye(d) for c in labels]
        for cov_type in ["full", "tied", "diag", "spherical"]:
            if cov_type == "full":
                prec = np.array([np.linalg.inv(c) for c in covs])
            elif cov_type == "tied":
                prec = np.linalg.inv(np.mean(covs, axis=0))
            elif cov_type == "diag":
                prec = np.array([1.0 / np.diag(c) for c in covs])
            else:
                prec = np.array([1.0 / np.mean(np.diag(c)) for c in covs])
            gm = GaussianMixture(n_components=k, covariance_type=cov_type, weights_init=weights, means_init=means,
                                 precisions_init=prec, tol=1e-6, max_iter=500).fit(x)
            probe = x[::17]
            cases.append({
                "name": name, "k": k, "covariance_type": cov_type, "weights_init": weights, "means_init": means,
                "precisions_init": prec.ravel(), "weights": gm.weights_, "means": gm.means_,
                "covariances": gm.covariances_.ravel(), "precisions": gm.precisions_.ravel(),
                "converged": gm.converged_, "n_iter": gm.n_iter_, "lower_bound": gm.lower_bound_,
                "labels": gm.predict(x), "probe": probe, "probe_proba": gm.predict_proba(probe),
                "probe_score_samples": gm.score_samples(probe), "score": gm.score(x), "bic": gm.bic(x), "aic": gm.aic(x),
            })
    default_fits = []
    for name, x, k in [("iris", xi, 3), ("blobs", xb, 3)]:
        for cov_type in ["full", "diag"]:
            gm = GaussianMixture(n_components=k, covariance_type=cov_type, random_state=0, n_init=3).fit(x)
            default_fits.append({"name": name, "k": k, "covariance_type": cov_type, "score": gm.score(x)})
    write("gmm.json", {"datasets": {"iris": xi, "blobs": xb}, "cases": cases, "default_fits": default_fits})


# ----------------------------------------------------------------------------------------------- isotonic regression
def isotonic():
    rng = np.random.RandomState(0)
    n = 80
    x = np.round(rng.uniform(0, 10, n), 1)  # ties on purpose
    y = np.log1p(x) + rng.normal(0, 0.4, n)
    w = rng.uniform(0.0, 3.0, n)
    w[::9] = 0.0
    probe = np.array([-1.0, 0.0, 0.05, 1.234, 5.0, 7.77, 9.9, 10.0, 12.0])
    cases = []
    for params, weighted in [
        (dict(), False),
        (dict(), True),
        (dict(increasing=False), False),
        (dict(increasing="auto"), False),
        (dict(y_min=0.5, y_max=2.0, out_of_bounds="clip"), True),
        (dict(out_of_bounds="clip"), False),
    ]:
        ir = IsotonicRegression(**params).fit(x, y if params.get("increasing") is not False else -y, sample_weight=w if weighted else None)
        cases.append({"params": {k: v for k, v in params.items()}, "weighted": weighted,
                      "negate_y": params.get("increasing") is False,
                      "x_thresholds": ir.X_thresholds_, "y_thresholds": ir.y_thresholds_,
                      "x_min": ir.X_min_, "x_max": ir.X_max_, "increasing": bool(ir.increasing_),
                      "probe_predict": [None if np.isnan(v) else v for v in ir.predict(probe)]})
    # decreasing data with auto
    ir = IsotonicRegression(increasing="auto").fit(x, -y)
    auto_dec = {"x_thresholds": ir.X_thresholds_, "y_thresholds": ir.y_thresholds_, "increasing": bool(ir.increasing_)}
    write("isotonic.json", {"x": x, "y": y, "w": w, "probe": probe, "cases": cases, "auto_decreasing": auto_dec})


# ----------------------------------------------------------------------------------------------- calibration
def calibration():
    cases = []
    xi, yi = iris()
    xw, yw = wine_std()
    xc, yc = breast_cancer()
    # A binary problem with overlapping classes: wine class 1 against the rest, four features.
    xwb = xw[:, [0, 1, 4, 9]]
    ywb = (yw == 1).astype(int)
    rng = np.random.RandomState(9)
    weights = {}
    for name, x, y in [("iris", xi, yi), ("wine_binary", xwb, ywb), ("wine", xw, yw), ("cancer", xc, yc)]:
        sw = rng.uniform(0.5, 2.0, len(y))
        weights[name] = sw
        for method in ["sigmoid", "isotonic"]:
            for cv, ensemble, weighted in [(5, True, False), (3, True, True), (5, False, False), (3, False, True)]:
                # Breast cancer: naive Bayes scores crowd within 1e-15 of 0 and 1, where scikit-learn's isotonic fit merges
                # scores closer than 1e-15, so a last-bit difference of a score changes the fit; sigmoid only there.
                if name == "cancer" and ((cv, ensemble, weighted) != (5, True, False) or method == "isotonic"):
                    continue
                cal = CalibratedClassifierCV(GaussianNB(), method=method, cv=cv, ensemble=ensemble)
                cal.fit(x, y, sample_weight=sw if weighted else None)
                cases.append({
                    "name": name, "method": method, "cv": cv, "ensemble": ensemble, "weighted": weighted,
                    "proba": cal.predict_proba(x), "predict": [str(v) for v in cal.predict(x)],
                    "sigmoid_ab": [[[c.a_, c.b_] for c in cc.calibrators] for cc in cal.calibrated_classifiers_] if method == "sigmoid" else None,
                })
        # prefit: GaussianNB on even rows, calibrated on odd rows.
        for method in ["sigmoid"] if name == "cancer" else ["sigmoid", "isotonic"]:
            base = GaussianNB().fit(x[::2], y[::2])
            cal = CalibratedClassifierCV(base, method=method, cv="prefit").fit(x[1::2], y[1::2])
            cases.append({"name": name, "method": method, "cv": "prefit", "ensemble": True, "weighted": False,
                          "proba": cal.predict_proba(x), "predict": [str(v) for v in cal.predict(x)], "sigmoid_ab": None})
    # The data sets (features, labels as strings) so the C# side reads exactly these values.
    data = {"iris": {"x": xi, "y": [str(v) for v in yi]}, "wine_binary": {"x": xwb, "y": [int(v) for v in ywb]},
            "wine": {"x": xw, "y": [int(v) for v in yw]}, "cancer": {"x": xc, "y": [int(v) for v in yc]}}
    for name in data:
        data[name]["w"] = weights[name]
    # GaussianNB itself, to check the test double.
    nb = GaussianNB().fit(xi, yi)
    nb_check = {"proba": nb.predict_proba(xi[::10]), "theta": nb.theta_, "var": nb.var_}
    write("calibration.json", {"data": data, "cases": cases, "gaussian_nb": nb_check})


if __name__ == "__main__":
    splitters()
    kmeans()
    dbscan()
    agglomerative()
    gmm()
    isotonic()
    calibration()
