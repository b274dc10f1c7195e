"""Reference values for Augur's linear models, computed with scikit-learn 1.2.1.

Run with /usr/bin/python3 from this folder: it reads the bundled CSVs under data/ and writes JSON files beside itself.
Real data sets (diabetes, breast_cancer, wine, iris) are read from the CSVs; where solvers are sensitive to scale the
C# tests standardise the same columns (population standard deviation, as StandardScaler). Synthetic data
(make_regression / make_classification) are written into the JSON so both sides fit the same numbers.

Iterative solvers are run to tight tolerances so that the fixtures hold the optimum of each objective. scikit-learn's
lbfgs stops on SciPy's relative-decrease test (ftol ~2.2e-9) long before tol=1e-10, so the logistic references use
solver='newton-cg' with tol=1e-10 (same objective, converged to ~1e-10); 'lbfgs_*' entries record what sklearn's lbfgs
gives, for information.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge, RidgeClassifier,
                                  SGDClassifier, SGDRegressor, lasso_path, enet_path)
from sklearn.svm import LinearSVC

warnings.simplefilter("ignore", ConvergenceWarning)
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def load(name, target):
    df = pd.read_csv(os.path.join(DATA, name))
    y = df[target].to_numpy()
    X = df.drop(columns=[target]).to_numpy(dtype=float)
    return X, y


def std(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def L(a):
    return np.asarray(a, dtype=float).tolist()


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f)


def weights(n):
    return [1.0 + (i % 5) / 4.0 for i in range(n)]


def regression():
    X, y = load("diabetes.csv", "target")
    out = {}
    m = LinearRegression().fit(X, y)
    out["ols"] = {"coef": L(m.coef_), "intercept": float(m.intercept_), "pred": L(m.predict(X[:10]))}
    m = LinearRegression(fit_intercept=False).fit(X, y)
    out["ols_no_intercept"] = {"coef": L(m.coef_), "intercept": 0.0}
    w = weights(len(y))
    m = LinearRegression().fit(X, y, sample_weight=w)
    out["ols_weighted"] = {"weights": w, "coef": L(m.coef_), "intercept": float(m.intercept_)}
    m = LinearRegression(positive=True).fit(X, y)
    out["ols_positive"] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    # Rank deficient: a duplicated column and an exact linear combination.
    Xd = np.column_stack([X, X[:, 2], X[:, 0] + 2 * X[:, 3]])
    m = LinearRegression().fit(Xd, y)
    out["ols_rank_deficient"] = {"coef": L(m.coef_), "intercept": float(m.intercept_), "pred": L(m.predict(Xd[:10]))}
    # Ill-conditioned but full rank: monomials of t in [1, 2] (cond(X) ~ 1e5 after centring).
    t = np.linspace(1.0, 2.0, 60)
    Xi = np.column_stack([t, t ** 2, t ** 3, t ** 4])
    yi = np.sin(3 * t) + 0.01 * np.cos(17 * t)
    m = LinearRegression().fit(Xi, yi)
    out["ill_conditioned"] = {"X": L(Xi), "y": L(yi), "coef": L(m.coef_), "intercept": float(m.intercept_),
                              "cond": float(np.linalg.cond(Xi - Xi.mean(axis=0)))}
    Xw, yw = make_regression(n_samples=30, n_features=70, noise=1.0, random_state=7)
    m = LinearRegression().fit(Xw, yw)
    # Centring leaves a singular value of relative size ~2e-16 whose direction is rounding noise; scipy's lstsq
    # (cond = eps) may keep it, which moves coef_ along that direction without changing predictions. The reference for
    # the coefficients is therefore the minimum-norm solution with a cut-off of 1e-10 (numpy lstsq on centred data);
    # predictions are scikit-learn's.
    Xwc = Xw - Xw.mean(axis=0)
    coef = np.linalg.lstsq(Xwc, yw - yw.mean(), rcond=1e-10)[0]
    out["wide"] = {"X": L(Xw), "y": L(yw), "coef": L(coef), "intercept": float(yw.mean() - Xw.mean(axis=0) @ coef),
                   "sklearn_coef": L(m.coef_), "pred": L(m.predict(Xw[:5]))}
    Xs, ys = make_regression(n_samples=200, n_features=20, noise=1.0, random_state=0)
    m = LinearRegression().fit(Xs, ys)
    out["synthetic"] = {"X": L(Xs), "y": L(ys), "coef": L(m.coef_), "intercept": float(m.intercept_)}
    write("linear_regression.json", out)


def ridge():
    X, y = load("diabetes.csv", "target")
    out = {}
    for solver in ["cholesky", "svd"]:
        m = Ridge(alpha=1.0, solver=solver).fit(X, y)
        out[solver] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    Xz = std(X)
    for solver in ["lsqr", "sparse_cg"]:
        m = Ridge(alpha=1.0, solver=solver, tol=1e-12, max_iter=10000).fit(Xz, y)
        out[solver + "_std"] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    m = Ridge(alpha=1.0, solver="cholesky").fit(Xz, y)
    out["cholesky_std"] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    w = weights(len(y))
    m = Ridge(alpha=0.5).fit(X, y, sample_weight=w)
    out["weighted"] = {"weights": w, "coef": L(m.coef_), "intercept": float(m.intercept_)}
    m = Ridge(alpha=1.0, fit_intercept=False).fit(X, y)
    out["no_intercept"] = {"coef": L(m.coef_)}
    Xw, yw = make_regression(n_samples=30, n_features=60, noise=1.0, random_state=1)
    m = Ridge(alpha=2.0).fit(Xw, yw)
    out["wide"] = {"X": L(Xw), "y": L(yw), "coef": L(m.coef_), "intercept": float(m.intercept_)}
    S = sp.random(200, 30, density=0.15, random_state=3, format="csr")
    ys = S @ np.linspace(-2, 2, 30) + 0.3 + np.random.RandomState(3).normal(scale=0.1, size=200)
    m = Ridge(alpha=0.7, tol=1e-12, max_iter=10000).fit(S, ys)
    coo = S.tocoo()
    out["sparse"] = {"rows": coo.row.tolist(), "cols": coo.col.tolist(), "vals": L(coo.data), "n": 200, "p": 30, "y": L(ys),
                     "coef": L(m.coef_), "intercept": float(m.intercept_)}
    m = Ridge(alpha=0.7, solver="lsqr", tol=1e-12, max_iter=10000).fit(S, ys)
    out["sparse_lsqr"] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    # Ridge classifiers on standardised real data.
    Xw_, yw_ = load("wine.csv", "target")
    Xw_ = std(Xw_)
    m = RidgeClassifier(alpha=1.0).fit(Xw_, yw_)
    out["clf_wine"] = {"coef": L(m.coef_), "intercept": L(m.intercept_), "decision": L(m.decision_function(Xw_[:10]))}
    Xb, yb = load("breast_cancer.csv", "diagnosis")
    Xb = std(Xb)
    m = RidgeClassifier(alpha=2.0, class_weight="balanced").fit(Xb, yb)
    out["clf_breast_balanced"] = {"coef": L(m.coef_), "intercept": L(m.intercept_), "decision": L(m.decision_function(Xb[:10]))}
    write("ridge.json", out)


def enet():
    X, y = load("diabetes.csv", "target")
    out = {}
    tight = dict(tol=1e-12, max_iter=1000000)
    for name, est in [("lasso", Lasso(alpha=1.0, **tight)), ("lasso_small", Lasso(alpha=0.01, **tight)),
                      ("enet", ElasticNet(alpha=0.5, l1_ratio=0.7, **tight)),
                      ("lasso_positive", Lasso(alpha=0.5, positive=True, **tight)),
                      ("enet_no_intercept", ElasticNet(alpha=0.1, l1_ratio=0.3, fit_intercept=False, **tight))]:
        m = est.fit(X, y)
        out[name] = {"coef": L(m.coef_), "intercept": float(m.intercept_)}
    w = weights(len(y))
    m = ElasticNet(alpha=0.3, l1_ratio=0.5, **tight).fit(X, y, sample_weight=w)
    out["enet_weighted"] = {"weights": w, "coef": L(m.coef_), "intercept": float(m.intercept_)}
    Xz = std(X)
    yz = y - y.mean()
    alphas, coefs, _ = lasso_path(Xz, yz, n_alphas=12, eps=1e-3, tol=1e-12, max_iter=100000)
    out["lasso_path_std"] = {"alphas": L(alphas), "coefs": L(coefs.T)}
    alphas, coefs, _ = enet_path(Xz, yz, l1_ratio=0.6, n_alphas=8, eps=1e-2, tol=1e-12, max_iter=100000)
    out["enet_path_std"] = {"alphas": L(alphas), "coefs": L(coefs.T)}
    Xs, ys = make_regression(n_samples=60, n_features=100, n_informative=8, noise=0.5, random_state=2)
    m = Lasso(alpha=0.5, **tight).fit(Xs, ys)
    out["wide"] = {"X": L(Xs), "y": L(ys), "coef": L(m.coef_), "intercept": float(m.intercept_)}
    write("elastic_net.json", out)


def logistic():
    out = {}
    Xb, yb = load("breast_cancer.csv", "diagnosis")
    Xb = std(Xb)
    Xw, yw = load("wine.csv", "target")
    Xw = std(Xw)
    Xi, yi = load("iris.csv", "species")
    Xi = std(Xi)
    ref = dict(solver="newton-cg", tol=1e-10, max_iter=1000)
    cases = [
        ("breast", Xb, yb, dict(C=1.0), {}),
        ("breast_c01", Xb, yb, dict(C=0.1), {}),
        ("breast_weighted", Xb, yb, dict(C=1.0), {"sample_weight": weights(len(yb))}),
        ("breast_balanced", Xb, yb, dict(C=1.0, class_weight="balanced"), {}),
        ("wine_multinomial", Xw, yw, dict(C=0.5), {}),
        ("wine_balanced", Xw, yw, dict(C=0.5, class_weight="balanced"), {}),
        ("iris_ovr", Xi, yi, dict(C=1.0, multi_class="ovr"), {}),
        ("iris_ovr_dict", Xi, yi, dict(C=1.0, multi_class="ovr", class_weight={"setosa": 2.0, "virginica": 0.5}), {}),
        ("breast_multinomial", Xb, yb, dict(C=1.0, multi_class="multinomial"), {}),
        ("wine_no_intercept", Xw, yw, dict(C=1.0, fit_intercept=False), {}),
    ]
    for name, X, y, opts, fit in cases:
        m = LogisticRegression(**opts, **ref).fit(X, y, **fit)
        lb = LogisticRegression(**opts, tol=1e-10, max_iter=10000).fit(X, y, **fit)
        out[name] = {"coef": L(m.coef_), "intercept": L(m.intercept_), "proba": L(m.predict_proba(X[:10])),
                     "decision": L(m.decision_function(X[:10])), "lbfgs_coef": L(lb.coef_)}
        if "sample_weight" in fit:
            out[name]["weights"] = fit["sample_weight"]
    saga = dict(solver="saga", tol=1e-10, max_iter=100000, random_state=0)
    for name, X, y, opts in [("breast_saga_l2", Xb, yb, dict(C=0.1)),
                             ("breast_saga_l1", Xb, yb, dict(C=0.05, penalty="l1")),
                             ("wine_saga_enet", Xw, yw, dict(C=0.5, penalty="elasticnet", l1_ratio=0.5)),
                             ("iris_saga_l1_ovr", Xi, yi, dict(C=1.0, penalty="l1", multi_class="ovr"))]:
        m = LogisticRegression(**opts, **saga).fit(X, y)
        out[name] = {"coef": L(m.coef_), "intercept": L(m.intercept_), "proba": L(m.predict_proba(X[:10]))}
    Xs, ys = make_classification(n_samples=300, n_features=8, n_informative=5, flip_y=0.1, random_state=4)
    m = LogisticRegression(C=2.0, **ref).fit(Xs, ys)
    out["synthetic"] = {"X": L(Xs), "y": [int(v) for v in ys], "coef": L(m.coef_), "intercept": L(m.intercept_)}
    m = LogisticRegression(penalty="none", **ref).fit(Xs, ys)
    out["synthetic_none"] = {"coef": L(m.coef_), "intercept": L(m.intercept_)}
    write("logistic.json", out)


def svc():
    out = {}
    Xb, yb = load("breast_cancer.csv", "diagnosis")
    Xb = std(Xb)
    Xw, yw = load("wine.csv", "target")
    Xw = std(Xw)
    tight = dict(tol=1e-10, max_iter=1000000, random_state=0)
    for name, X, y, opts in [("breast_sqhinge", Xb, yb, dict(C=0.1)),
                             ("breast_hinge", Xb, yb, dict(C=0.1, loss="hinge")),
                             ("wine_sqhinge", Xw, yw, dict(C=1.0)),
                             ("wine_hinge_scaling", Xw, yw, dict(C=0.5, loss="hinge", intercept_scaling=3.0)),
                             ("wine_balanced", Xw, yw, dict(C=0.3, class_weight="balanced")),
                             ("breast_weighted", Xb, yb, dict(C=0.2, sample_weight=True)),
                             ("breast_l1", Xb, yb, dict(C=0.1, penalty="l1", dual=False)),
                             ("wine_l1", Xw, yw, dict(C=0.5, penalty="l1", dual=False))]:
        fit = {}
        if opts.pop("sample_weight", False):
            fit["sample_weight"] = weights(len(y))
        m = LinearSVC(**opts, **tight).fit(X, y, **fit)
        out[name] = {"coef": L(m.coef_), "intercept": L(m.intercept_), "decision": L(m.decision_function(X[:20]))}
    write("linear_svc.json", out)


def sgd():
    out = {}
    Xc, yc = make_classification(n_samples=1200, n_features=10, n_informative=6, n_classes=3, n_clusters_per_class=1,
                                 random_state=5)
    Xc = std(Xc)
    tr, te = slice(0, 900), slice(900, None)
    acc = {}
    for loss in ["hinge", "log_loss", "modified_huber", "squared_hinge", "perceptron"]:
        scores = []
        for seed in range(5):
            m = SGDClassifier(loss=loss, random_state=seed).fit(Xc[tr], yc[tr])
            scores.append(m.score(Xc[te], yc[te]))
        acc[loss] = float(np.mean(scores))
    for name, opts in [("l1", dict(penalty="l1")), ("elasticnet", dict(penalty="elasticnet")),
                       ("average", dict(average=True)), ("early", dict(early_stopping=True)),
                       ("adaptive", dict(learning_rate="adaptive", eta0=0.01)), ("balanced", dict(class_weight="balanced")),
                       ("invscaling", dict(learning_rate="invscaling", eta0=0.1))]:
        scores = [SGDClassifier(random_state=s, **opts).fit(Xc[tr], yc[tr]).score(Xc[te], yc[te]) for s in range(5)]
        acc[name] = float(np.mean(scores))
    out["classification"] = {"X": L(Xc), "y": [int(v) for v in yc], "train": 900, "accuracy": acc}
    Xr, yr = make_regression(n_samples=1000, n_features=10, noise=5.0, random_state=6)
    tr, te = slice(0, 800), slice(800, None)
    r2 = {}
    for loss in ["squared_error", "huber", "epsilon_insensitive", "squared_epsilon_insensitive"]:
        opts = dict(loss=loss)
        if loss in ("huber", "epsilon_insensitive"):
            opts["epsilon"] = 1.0
        scores = [SGDRegressor(random_state=s, **opts).fit(Xr[tr], yr[tr]).score(Xr[te], yr[te]) for s in range(5)]
        r2[loss] = float(np.mean(scores))
    for name, opts in [("average", dict(average=True)), ("l1", dict(penalty="l1", alpha=0.01)), ("constant", dict(learning_rate="constant", eta0=0.001))]:
        scores = [SGDRegressor(random_state=s, **opts).fit(Xr[tr], yr[tr]).score(Xr[te], yr[te]) for s in range(5)]
        r2[name] = float(np.mean(scores))
    out["regression"] = {"X": L(Xr), "y": L(yr), "train": 800, "r2": r2}
    write("sgd.json", out)


if __name__ == "__main__":
    regression()
    ridge()
    enet()
    logistic()
    svc()
    sgd()
