"""Reference values for Augur's trees and forests, computed with scikit-learn 1.2.1.

Run with /usr/bin/python3 (Debian's scikit-learn 1.2.1). Writes JSON files next to this script:

* tree_cases.json  - single CART trees: sklearn's full tree_ arrays, importances, predictions and leaves.
* forest_cases.json - random forests / extra trees: held-out accuracy, AUC or R^2 and OOB scores of scikit-learn.

Tie handling. When several features give exactly the same best impurity decrease at a node, scikit-learn keeps the
first in a random feature order (driven by random_state); Augur keeps the lowest feature index. For each tree case
this script searches scikit-learn seeds for a tree in which every such tie happens to be broken towards the lowest
index ("exact" cases: Augur must then reproduce the tree exactly). Where no seed in the search does, the case is
recorded as tie-aware: for each node the set of features tied for the best split is stored, and the test compares
structure node by node, accepting any tied feature and stopping below a node where the choice differs.
"""
import json
import math
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import make_classification, make_regression
from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier,
                              RandomForestRegressor)
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def load(name, target):
    df = pd.read_csv(os.path.join(DATA, name))
    return df.drop(columns=target).to_numpy(dtype=np.float64), df[target].to_numpy()


def best_proxies(X32, y, w, n_classes, criterion, min_leaf, min_weight_leaf):
    """Best proxy improvement per feature at one node (None for features that cannot split), scikit-learn's formulas."""
    n, p = X32.shape
    out = []
    for f in range(p):
        order = np.argsort(X32[:, f], kind="stable")
        xs = X32[order, f].astype(np.float64)
        ws = w[order]
        if xs[-1] <= xs[0] + 1e-7:
            out.append(None)
            continue
        valid = xs[1:] > xs[:-1] + 1e-7
        nl = np.arange(1, n)
        valid &= (nl >= min_leaf) & (n - nl >= min_leaf)
        wl = np.cumsum(ws)[:-1]
        wt = ws.sum()
        wr = wt - wl
        valid &= (wl >= min_weight_leaf) & (wr >= min_weight_leaf)
        if not valid.any():
            out.append(None)
            continue
        if criterion in ("gini", "entropy"):
            onehot = np.zeros((n, n_classes))
            onehot[np.arange(n), y[order]] = ws
            left = np.cumsum(onehot, axis=0)[:-1]
            total = onehot.sum(axis=0)
            right = total - left
            if criterion == "gini":
                sql = np.zeros(n - 1)
                sqr = np.zeros(n - 1)
                for c in range(n_classes):
                    sql = sql + left[:, c] * left[:, c]
                    sqr = sqr + right[:, c] * right[:, c]
                proxy = -wr * (1.0 - sqr / (wr * wr)) - wl * (1.0 - sql / (wl * wl))
            else:
                proxy = np.empty(n - 1)
                for i in np.nonzero(valid)[0]:
                    el = 0.0
                    er = 0.0
                    for c in range(n_classes):
                        if left[i, c] > 0:
                            q = left[i, c] / wl[i]
                            el -= q * (math.log(q) / math.log(2.0))
                        if right[i, c] > 0:
                            q = right[i, c] / wr[i]
                            er -= q * (math.log(q) / math.log(2.0))
                    proxy[i] = -wr[i] * er - wl[i] * el
        else:
            wy = ws * y[order]
            sl = np.cumsum(wy)[:-1]
            sr = wy.sum() - sl
            if criterion == "squared_error":
                proxy = sl * sl / wl + sr * sr / wr
            else:
                diff = wr * sl - wl * sr
                proxy = diff * diff / (wl * wr)
        out.append(float(proxy[valid].max()))
    return out


def node_samples(est, X32):
    paths = est.decision_path(X32).tocsc()
    return [paths[:, j].nonzero()[0] for j in range(est.tree_.node_count)]


def tie_sets(est, X32, y, w, n_classes, criterion, min_leaf, min_weight_leaf, exact_weights, stop_early):
    """Per node: the features tied for the best split (None for leaves) and whether scikit-learn chose the lowest."""
    t = est.tree_
    samples = node_samples(est, X32)
    sets = []
    consistent = True
    for j in range(t.node_count):
        if t.children_left[j] == -1:
            sets.append(None)
            continue
        idx = samples[j]
        best = best_proxies(X32[idx], y[idx], w[idx], n_classes, criterion, min_leaf, min_weight_leaf)
        m = max(b for b in best if b is not None)
        if exact_weights:
            tied = [f for f, b in enumerate(best) if b is not None and b == m]
        else:
            tied = [f for f, b in enumerate(best) if b is not None and b >= m - 1e-9 * abs(m)]
        assert t.feature[j] in tied or not exact_weights, (j, t.feature[j], tied)
        sets.append(tied)
        ok = tied[0] == t.feature[j] if exact_weights else len(tied) == 1
        if not ok:
            consistent = False
            if stop_early:
                return sets, False
    return sets, consistent


def tree_arrays(t):
    return {
        "children_left": t.children_left.tolist(),
        "children_right": t.children_right.tolist(),
        "feature": t.feature.tolist(),
        "threshold": t.threshold.tolist(),
        "value": t.value.reshape(t.node_count, -1).tolist(),
        "impurity": t.impurity.tolist(),
        "n_node_samples": t.n_node_samples.tolist(),
        "weighted_n_node_samples": t.weighted_n_node_samples.tolist(),
    }


def probe_rows(X, n, seed):
    """Rows between training rows (convex mixtures), to exercise thresholds away from the training values."""
    rng = np.random.RandomState(seed)
    a = X[rng.randint(0, len(X), n)]
    b = X[rng.randint(0, len(X), n)]
    t = rng.uniform(0, 1, (n, 1))
    return a * t + b * (1 - t)


def tree_case(name, data, target, classifier, params, weights=None, seeds=300):
    X, y_raw = load(data, target)
    X32 = X.astype(np.float32)
    if classifier:
        classes, y = np.unique(y_raw, return_inverse=True)
        n_classes = len(classes)
    else:
        y = y_raw.astype(np.float64)
        n_classes = 1
    cls = DecisionTreeClassifier if classifier else DecisionTreeRegressor
    w = np.ones(len(y)) if weights is None else weights.astype(np.float64)
    sw = w.copy()
    if classifier and params.get("class_weight") == "balanced":
        counts = np.bincount(y)
        sw = sw * (len(y) / (n_classes * counts.astype(np.float64)))[y]
    exact_weights = bool(np.all(sw == np.round(sw)))
    min_leaf = params.get("min_samples_leaf", 1)
    min_weight_leaf = params.get("min_weight_fraction_leaf", 0.0) * sw.sum()
    criterion = params.get("criterion", "gini" if classifier else "squared_error")
    criterion = "entropy" if criterion == "log_loss" else criterion
    chosen = None
    for seed in range(seeds):
        est = cls(random_state=seed, **params).fit(X, y_raw, sample_weight=weights)
        _, ok = tie_sets(est, X32, y, sw, n_classes, criterion, min_leaf, min_weight_leaf, exact_weights, stop_early=True)
        if ok:
            chosen = seed
            break
    seed = 0 if chosen is None else chosen
    est = cls(random_state=seed, **params).fit(X, y_raw, sample_weight=weights)
    sets, _ = tie_sets(est, X32, y, sw, n_classes, criterion, min_leaf, min_weight_leaf, exact_weights, stop_early=False)
    probe = probe_rows(X, 200, 7)
    case = {
        "name": name,
        "data": data,
        "target": target,
        "classifier": classifier,
        "params": params,
        "sklearn_seed": seed,
        "exact": chosen is not None,
        "weights": None if weights is None else weights.tolist(),
        "tree": tree_arrays(est.tree_),
        "ties": sets,
        "max_depth": int(est.get_depth()),
        "n_leaves": int(est.get_n_leaves()),
        "feature_importances": est.feature_importances_.tolist(),
        "probe": probe.tolist(),
        "apply_train": est.apply(X).tolist(),
        "apply_probe": est.apply(probe).tolist(),
    }
    if classifier:
        case["classes"] = [str(c) for c in classes]
        case["proba_train"] = est.predict_proba(X).tolist()
        case["proba_probe"] = est.predict_proba(probe).tolist()
        case["predict_probe"] = [str(v) for v in est.predict(probe)]
    else:
        case["predict_train"] = est.predict(X).tolist()
        case["predict_probe"] = est.predict(probe).tolist()
    print(f"{name}: {est.tree_.node_count} nodes, exact={case['exact']} (seed {seed}), tie nodes={sum(1 for s in sets if s and len(s) > 1)}", flush=True)
    return case


def tree_cases():
    rng = np.random.RandomState(3)
    iris_w = rng.randint(1, 4, 150)
    diab_w = rng.randint(1, 4, 442)
    C, R = True, False
    cases = [
        tree_case("iris_gini", "iris.csv", "species", C, {}),
        tree_case("iris_entropy", "iris.csv", "species", C, {"criterion": "entropy"}),
        tree_case("iris_depth3", "iris.csv", "species", C, {"max_depth": 3}),
        tree_case("iris_weighted", "iris.csv", "species", C, {}, weights=iris_w),
        tree_case("wine_gini", "wine.csv", "target", C, {}),
        tree_case("wine_entropy", "wine.csv", "target", C, {"criterion": "log_loss"}),
        tree_case("wine_balanced_depth3", "wine.csv", "target", C, {"class_weight": "balanced", "max_depth": 3}),
        tree_case("bc_gini", "breast_cancer.csv", "diagnosis", C, {}),
        tree_case("bc_entropy", "breast_cancer.csv", "diagnosis", C, {"criterion": "entropy"}),
        tree_case("bc_depth4", "breast_cancer.csv", "diagnosis", C, {"max_depth": 4}),
        tree_case("bc_leaf5", "breast_cancer.csv", "diagnosis", C, {"min_samples_leaf": 5}),
        tree_case("bc_split20", "breast_cancer.csv", "diagnosis", C, {"min_samples_split": 20}),
        tree_case("bc_maxleaf8", "breast_cancer.csv", "diagnosis", C, {"max_leaf_nodes": 8}),
        tree_case("bc_minweight", "breast_cancer.csv", "diagnosis", C, {"min_weight_fraction_leaf": 0.02}),
        tree_case("bc_mindecrease", "breast_cancer.csv", "diagnosis", C, {"min_impurity_decrease": 0.005}),
        tree_case("diabetes_full", "diabetes.csv", "target", R, {}, seeds=5),
        tree_case("diabetes_depth4", "diabetes.csv", "target", R, {"max_depth": 4}),
        tree_case("diabetes_leaf10", "diabetes.csv", "target", R, {"min_samples_leaf": 10}),
        tree_case("diabetes_maxleaf12", "diabetes.csv", "target", R, {"max_leaf_nodes": 12}),
        tree_case("diabetes_friedman_depth5", "diabetes.csv", "target", R, {"criterion": "friedman_mse", "max_depth": 5}),
        tree_case("diabetes_weighted_depth5", "diabetes.csv", "target", R, {"max_depth": 5}, weights=diab_w),
        tree_case("diabetes_mindecrease", "diabetes.csv", "target", R, {"min_impurity_decrease": 20.0}),
    ]
    return cases


def split_indices(n, seed, test_fraction=0.3):
    perm = np.random.RandomState(seed).permutation(n)
    n_test = int(round(n * test_fraction))
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def forest_case(name, X, y_raw, classifier, est_cls, params, store_data):
    train, test = split_indices(len(X), 11)
    scores = []
    oobs = []
    importances = []
    for seed in range(5):
        est = est_cls(random_state=seed, n_jobs=2, **params).fit(X[train], y_raw[train])
        if classifier:
            proba = est.predict_proba(X[test])
            if proba.shape[1] == 2:
                classes = est.classes_
                scores.append(roc_auc_score((y_raw[test] == classes[1]).astype(int), proba[:, 1]))
            else:
                scores.append(accuracy_score(y_raw[test], est.predict(X[test])))
        else:
            scores.append(r2_score(y_raw[test], est.predict(X[test])))
        if getattr(est, "oob_score", False):
            oobs.append(est.oob_score_)
        importances.append(est.feature_importances_)
    importances = np.array(importances)
    case = {
        "name": name,
        "classifier": classifier,
        "estimator": est_cls.__name__,
        "params": params,
        "train": train.tolist(),
        "test": test.tolist(),
        "metric": ("auc" if classifier and len(np.unique(y_raw)) == 2 else "accuracy") if classifier else "r2",
        "score_mean": float(np.mean(scores)),
        "score_min": float(np.min(scores)),
        "score_max": float(np.max(scores)),
        "oob_mean": float(np.mean(oobs)) if oobs else None,
        "importances_mean": importances.mean(axis=0).tolist(),
        "importances_spread": (importances.max(axis=0) - importances.min(axis=0)).tolist(),
    }
    if store_data:
        case["x"] = X.tolist()
        case["y"] = y_raw.tolist()
    print(f"{name}: {case['metric']} {case['score_mean']:.4f} [{case['score_min']:.4f}, {case['score_max']:.4f}] oob {case['oob_mean']}", flush=True)
    return case


def forest_cases():
    bc_x, bc_y = load("breast_cancer.csv", "diagnosis")
    wine_x, wine_y = load("wine.csv", "target")
    diab_x, diab_y = load("diabetes.csv", "target")
    mc_x, mc_y = make_classification(n_samples=600, n_features=10, n_informative=5, n_redundant=2, random_state=5)
    mr_x, mr_y = make_regression(n_samples=500, n_features=8, n_informative=5, noise=10.0, random_state=5)
    cases = []
    for cls_, reg_ in [(RandomForestClassifier, RandomForestRegressor), (ExtraTreesClassifier, ExtraTreesRegressor)]:
        tag = "rf" if cls_ is RandomForestClassifier else "et"
        oob = {"oob_score": True, "bootstrap": True}
        cases.append(forest_case(f"{tag}_bc", bc_x, bc_y, True, cls_, oob, False))
        cases.append(forest_case(f"{tag}_wine", wine_x, wine_y, True, cls_, oob, False))
        cases.append(forest_case(f"{tag}_diabetes", diab_x, diab_y, False, reg_, oob, False))
        cases.append(forest_case(f"{tag}_make_classification", mc_x, mc_y, True, cls_, {}, True))
        cases.append(forest_case(f"{tag}_make_regression", mr_x, mr_y, False, reg_, {}, True))
    cases.append(forest_case("rf_bc_balanced_subsample", bc_x, bc_y, True, RandomForestClassifier,
                             {"class_weight": "balanced_subsample", "max_samples": 0.7, "min_samples_leaf": 2}, False))
    cases.append(forest_case("et_bc_log2_depth6", bc_x, bc_y, True, ExtraTreesClassifier,
                             {"max_features": "log2", "max_depth": 6, "criterion": "entropy"}, False))
    return cases


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


if __name__ == "__main__":
    write("tree_cases.json", {"sklearn": sklearn.__version__, "cases": tree_cases()})
    write("forest_cases.json", {"sklearn": sklearn.__version__, "cases": forest_cases()})
