"""Reference values for Augur's model selection (scikit-learn 1.2.1). Run with /usr/bin/python3 from this folder."""
import json
import os

import numpy as np
import sklearn
from sklearn import model_selection as ms

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1)


def folds(splitter, n, y=None, groups=None):
    X = np.zeros((n, 1))
    return [{"train": [int(i) for i in tr], "test": [int(i) for i in te]} for tr, te in splitter.split(X, y, groups)]


def splitters():
    rng = np.random.RandomState(0)
    cases = []
    # GroupKFold: 10 groups with tied sizes (NumPy sorts up to 16 items stably).
    sizes = [5, 3, 3, 7, 1, 3, 5, 2, 2, 4]
    g = np.concatenate([[k] * s for k, s in enumerate(sizes)])
    g = g[rng.permutation(len(g))]
    for k in (2, 3, 4):
        cases.append({"kind": "group_kfold", "n_splits": k, "groups": g.tolist(), "folds": folds(ms.GroupKFold(k), len(g), groups=g)})
    sg = np.array(["b", "a", "c", "a", "b", "d", "c", "a", "e", "b", "d", "d", "e"])
    cases.append({"kind": "group_kfold", "n_splits": 3, "groups_str": sg.tolist(), "folds": folds(ms.GroupKFold(3), len(sg), groups=sg)})
    # LeaveOneGroupOut
    cases.append({"kind": "leave_one_group_out", "groups_str": sg.tolist(), "folds": folds(ms.LeaveOneGroupOut(), len(sg), groups=sg)})
    # TimeSeriesSplit
    for n, kw in [(23, {}), (23, {"max_train_size": 5}), (23, {"test_size": 3, "gap": 2}), (30, {"n_splits": 3, "gap": 1, "max_train_size": 10}), (12, {"n_splits": 2, "test_size": 4})]:
        cases.append({"kind": "time_series", "n": n, **kw, "folds": folds(ms.TimeSeriesSplit(**kw), n)})
    # Leave one / P out
    cases.append({"kind": "leave_one_out", "n": 5, "folds": folds(ms.LeaveOneOut(), 5)})
    cases.append({"kind": "leave_p_out", "n": 6, "p": 2, "folds": folds(ms.LeavePOut(2), 6)})
    cases.append({"kind": "leave_p_out", "n": 5, "p": 3, "folds": folds(ms.LeavePOut(3), 5)})
    # StratifiedGroupKFold without shuffling
    for seed, n, n_groups, n_classes, k in [(1, 60, 14, 2, 3), (2, 90, 20, 3, 4), (3, 45, 9, 2, 5), (4, 120, 30, 4, 5)]:
        r = np.random.RandomState(seed)
        groups = r.randint(0, n_groups, size=n)
        # class depends on group, with noise, so groups are unevenly mixed
        bias = r.randint(0, n_classes, size=n_groups)
        y = np.where(r.rand(n) < 0.7, bias[groups], r.randint(0, n_classes, size=n))
        cases.append({"kind": "stratified_group_kfold", "n_splits": k, "y": y.tolist(), "groups": groups.tolist(),
                      "folds": folds(ms.StratifiedGroupKFold(k), n, y=y, groups=groups)})
    dump("splitters.json", cases)


def load(name, target):
    import pandas as pd
    df = pd.read_csv(os.path.join(DATA, name))
    return df.drop(columns=[target]).to_numpy(float), df[target].to_numpy()


def cross_validation():
    from sklearn.linear_model import Ridge
    from sklearn.neighbors import NearestCentroid
    from sklearn.feature_selection import RFE, RFECV, SelectFromModel
    out = {}
    X, y = load("diabetes.csv", "target")
    cv = ms.KFold(5)
    r = ms.cross_validate(Ridge(alpha=0.5), X, y, cv=cv, scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"], return_train_score=True)
    out["ridge_diabetes"] = {k: v.tolist() for k, v in r.items() if k.startswith(("test_", "train_"))}
    out["ridge_diabetes_default"] = ms.cross_val_score(Ridge(alpha=0.5), X, y, cv=3).tolist()
    out["ridge_diabetes_predict"] = ms.cross_val_predict(Ridge(alpha=2.0), X, y, cv=ms.KFold(4)).tolist()
    sizes, tr, te = ms.learning_curve(Ridge(alpha=0.1), X, y, cv=cv, train_sizes=[0.1, 0.325, 0.55, 0.775, 1.0], scoring="r2")
    out["learning_curve"] = {"sizes": sizes.tolist(), "train": tr.tolist(), "test": te.tolist()}
    alphas = [0.001, 0.1, 1.0, 10.0]
    tr, te = ms.validation_curve(Ridge(), X, y, param_name="alpha", param_range=alphas, cv=cv, scoring="neg_mean_squared_error")
    out["validation_curve"] = {"alphas": alphas, "train": tr.tolist(), "test": te.tolist()}
    gs = ms.GridSearchCV(Ridge(), {"alpha": [0.01, 0.1, 1.0, 10.0, 100.0], "fit_intercept": [True, False]}, cv=cv, scoring="r2").fit(X, y)
    out["grid_search"] = {"params": [{k: v for k, v in p.items()} for p in gs.cv_results_["params"]],
                          "mean": gs.cv_results_["mean_test_score"].tolist(), "std": gs.cv_results_["std_test_score"].tolist(),
                          "rank": gs.cv_results_["rank_test_score"].tolist(), "best_params": gs.best_params_, "best_score": gs.best_score_}
    # classification with a deterministic classifier
    Xw, yw = load("wine.csv", "target")
    r = ms.cross_validate(NearestCentroid(), Xw, yw, cv=ms.StratifiedKFold(5), scoring=["accuracy", "f1_macro", "balanced_accuracy"])
    out["centroid_wine"] = {k: v.tolist() for k, v in r.items() if k.startswith("test_")}
    out["centroid_wine_predict"] = ms.cross_val_predict(NearestCentroid(), Xw, yw, cv=ms.StratifiedKFold(5)).tolist()
    # feature selection with ridge coefficients
    for step, n in [(1, 4), (3, 3), (0.25, None)]:
        rfe = RFE(Ridge(alpha=1.0), n_features_to_select=n, step=step).fit(X, y)
        out[f"rfe_{step}_{n}"] = {"support": rfe.support_.tolist(), "ranking": rfe.ranking_.tolist()}
    rfecv = RFECV(Ridge(alpha=1.0), step=1, cv=cv, scoring="r2").fit(X, y)
    out["rfecv"] = {"support": rfecv.support_.tolist(), "ranking": rfecv.ranking_.tolist(), "n_features": int(rfecv.n_features_),
                    "mean": rfecv.cv_results_["mean_test_score"].tolist()}
    rfecv = RFECV(Ridge(alpha=1.0), step=2, cv=ms.KFold(3), scoring="neg_mean_squared_error", min_features_to_select=3).fit(X, y)
    out["rfecv_step2"] = {"support": rfecv.support_.tolist(), "ranking": rfecv.ranking_.tolist(), "n_features": int(rfecv.n_features_),
                          "mean": rfecv.cv_results_["mean_test_score"].tolist()}
    for thr, mf in [("mean", None), ("median", None), ("0.5*mean", None), (20.0, None), (None, 3), ("mean", 2)]:
        sfm = SelectFromModel(Ridge(alpha=1.0), threshold=thr, max_features=mf).fit(X, y)
        out[f"sfm_{thr}_{mf}"] = {"support": sfm.get_support().tolist(), "threshold": float(sfm.threshold_)}
    from scipy.stats import norm
    zs = [-8.0, -3.3, -1.0, -0.2, 0.0, 0.3, 0.49, 0.51, 1.7, 3.99, 4.01, 7.5]
    out["normal_cdf"] = {"z": zs, "cdf": [float(norm.cdf(z)) for z in zs], "p": [1e-9, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-9],
                         "ppf": [float(norm.ppf(p)) for p in [1e-9, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-9]]}
    dump("cross_validation.json", out)


def real_estimators():
    """Model selection and feature selection with real estimators (Ridge, LogisticRegression, LinearSVC, Lasso)."""
    from sklearn.linear_model import Lasso, LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC
    from sklearn.feature_selection import RFE, SelectFromModel
    out = {}
    # Tight tolerances so that both libraries stop at the optimum, not at their (different) stopping rules (the newton-cg
    # line search may report that it cannot improve further: it is at the optimum to rounding).
    def logistic():
        return LogisticRegression(solver="newton-cg", tol=1e-10, max_iter=1000)

    Xd, yd = load("diabetes.csv", "target")
    r = ms.cross_validate(Ridge(alpha=1.0), Xd, yd, cv=ms.KFold(5), scoring=["r2", "neg_mean_squared_error"], return_train_score=True)
    out["ridge_diabetes"] = {k: v.tolist() for k, v in r.items() if k.startswith(("test_", "train_"))}
    out["ridge_diabetes_predict"] = ms.cross_val_predict(Ridge(alpha=1.0), Xd, yd, cv=ms.KFold(5)).tolist()
    gs = ms.GridSearchCV(Ridge(), {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]}, cv=ms.KFold(5), scoring="neg_mean_squared_error").fit(Xd, yd)
    out["ridge_grid"] = {"alphas": [p["alpha"] for p in gs.cv_results_["params"]], "mean": gs.cv_results_["mean_test_score"].tolist(),
                         "std": gs.cv_results_["std_test_score"].tolist(), "rank": gs.cv_results_["rank_test_score"].tolist(),
                         "split0": gs.cv_results_["split0_test_score"].tolist(), "best_alpha": gs.best_params_["alpha"], "best_score": gs.best_score_}

    Xw, yw = load("wine.csv", "target")
    pipe = make_pipeline(StandardScaler(), logistic())
    r = ms.cross_validate(pipe, Xw, yw, cv=ms.StratifiedKFold(5), scoring=["accuracy", "neg_log_loss", "roc_auc_ovr"], return_train_score=True)
    out["logistic_wine"] = {k: v.tolist() for k, v in r.items() if k.startswith(("test_", "train_"))}
    out["logistic_wine_proba"] = ms.cross_val_predict(pipe, Xw, yw, cv=ms.StratifiedKFold(5), method="predict_proba").tolist()
    out["logistic_wine_predict"] = ms.cross_val_predict(pipe, Xw, yw, cv=ms.KFold(4)).tolist()
    Xws = StandardScaler().fit_transform(Xw)
    rfe = RFE(logistic(), n_features_to_select=5, step=2).fit(Xws, yw)
    out["rfe_logistic_wine"] = {"support": rfe.support_.tolist(), "ranking": rfe.ranking_.tolist()}

    import pandas as pd
    df = pd.read_csv(os.path.join(DATA, "breast_cancer.csv"))
    yb = (df["diagnosis"] == "malignant").to_numpy(int)
    Xb = StandardScaler().fit_transform(df.drop(columns=["diagnosis"]).to_numpy(float))
    for name, est, n, step in [("rfe_logistic", logistic(), 10, 1), ("rfe_logistic_step3", logistic(), 6, 3),
                               ("rfe_linear_svc", LinearSVC(C=0.05, dual=False, tol=1e-10, max_iter=10000), 8, 2)]:
        rfe = RFE(est, n_features_to_select=n, step=step).fit(Xb, yb)
        out[name] = {"support": rfe.support_.tolist(), "ranking": rfe.ranking_.tolist()}
    for alpha, thr in [(10.0, None), (100.0, None), (1.0, "mean"), (30.0, "median")]:
        lasso = Lasso(alpha=alpha, tol=1e-12, max_iter=100000)
        sfm = SelectFromModel(lasso, threshold=thr).fit(Xd, yd)
        out[f"sfm_lasso_{alpha}_{thr}"] = {"support": sfm.get_support().tolist(), "threshold": float(sfm.threshold_),
                                            "coef": sfm.estimator_.coef_.tolist()}
    # Trees: a scikit-learn seed whose random feature order breaks tied splits towards the lowest feature index, as Augur
    # does (the seeds found by Fixtures/trees/generate.py for the same data and options), so the importances agree.
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
    Xr = df.drop(columns=["diagnosis"]).to_numpy(float)
    yr = df["diagnosis"].to_numpy()
    for key, est, Xs, ys, thr in [("sfm_tree_bc", DecisionTreeClassifier(max_leaf_nodes=8, random_state=8), Xr, yr, None),
                                  ("sfm_tree_diabetes", DecisionTreeRegressor(max_depth=4, random_state=15), Xd, yd, "median")]:
        sfm = SelectFromModel(est, threshold=thr).fit(Xs, ys)
        out[key] = {"support": sfm.get_support().tolist(), "threshold": float(sfm.threshold_),
                    "importances": sfm.estimator_.feature_importances_.tolist()}
    dump("real_estimators.json", out)


if __name__ == "__main__":
    splitters()
    cross_validation()
    real_estimators()
