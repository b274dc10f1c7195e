"""Reference values for Augur.Metrics, computed with scikit-learn 1.2.1.

Run with the Debian interpreter that has scikit-learn 1.2.1:

    /usr/bin/python3 tests/Augur.Tests/Fixtures/metrics/generate.py

Writes classification.json, ranking.json, regression.json, clustering.json and report.json next to this
script. Every case stores its inputs and the expected outputs, so the C# tests never run Python.
"""
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn import metrics as M

assert sklearn.__version__ == "1.2.1", sklearn.__version__
warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "data"))


def clean(v):
    """JSON-safe: numpy scalars and arrays to Python, NaN/inf to strings."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, np.ndarray):
        return clean(v.tolist())
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    return v


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(clean(obj), f, indent=None, separators=(",", ":"))
        f.write("\n")


def kind_of(y):
    y = np.asarray(y)
    if y.dtype.kind == "b":
        return "bool"
    if y.dtype.kind in "iu":
        return "int"
    if y.dtype.kind == "f":
        return "float"
    return "str"


def attempt(f):
    try:
        return f()
    except ValueError:
        return "raises"


# ---------------------------------------------------------------------------------------------- classification

def classification_case(name, y_true, y_pred, sample_weight=None, labels=None, pos_label=None):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    present = np.unique(np.concatenate([y_true, y_pred])) if y_true.dtype.kind != "U" else np.unique(np.concatenate([y_true, y_pred]))
    binary = len(present) <= 2
    out = {}
    out["accuracy"] = M.accuracy_score(y_true, y_pred, sample_weight=sw)
    out["accuracy_count"] = M.accuracy_score(y_true, y_pred, sample_weight=sw, normalize=False)
    out["zero_one"] = M.zero_one_loss(y_true, y_pred, sample_weight=sw)
    out["zero_one_count"] = M.zero_one_loss(y_true, y_pred, sample_weight=sw, normalize=False)
    out["balanced_accuracy"] = M.balanced_accuracy_score(y_true, y_pred, sample_weight=sw)
    out["balanced_accuracy_adjusted"] = M.balanced_accuracy_score(y_true, y_pred, sample_weight=sw, adjusted=True)
    out["mcc"] = M.matthews_corrcoef(y_true, y_pred, sample_weight=sw)
    out["hamming"] = M.hamming_loss(y_true, y_pred, sample_weight=sw)
    for w in [None, "linear", "quadratic"]:
        out["kappa_" + str(w)] = M.cohen_kappa_score(y_true, y_pred, labels=labels, weights=w, sample_weight=sw)
    for norm in [None, "true", "pred", "all"]:
        out["confusion_" + str(norm)] = attempt(lambda: M.confusion_matrix(y_true, y_pred, labels=labels, sample_weight=sw, normalize=norm).astype(float))
    prf = {}
    for zd in ["warn", 0, 1]:
        for beta in [1.0, 0.5, 2.0]:
            p, r, f, s = M.precision_recall_fscore_support(y_true, y_pred, beta=beta, labels=labels, sample_weight=sw, zero_division=zd)
            prf[f"none_{zd}_{beta}"] = {"p": p, "r": r, "f": f, "s": np.asarray(s, dtype=float)}
            for avg in ["micro", "macro", "weighted"]:
                p, r, f, _ = M.precision_recall_fscore_support(y_true, y_pred, beta=beta, labels=labels, average=avg, sample_weight=sw, zero_division=zd)
                prf[f"{avg}_{zd}_{beta}"] = {"p": p, "r": r, "f": f}
            if binary:
                pl = 1 if pos_label is None else pos_label
                res = attempt(lambda: M.precision_recall_fscore_support(y_true, y_pred, beta=beta, average="binary", pos_label=pl, sample_weight=sw, zero_division=zd))
                prf[f"binary_{zd}_{beta}"] = res if res == "raises" else {"p": res[0], "r": res[1], "f": res[2]}
        for avg in ["micro", "macro", "weighted"]:
            prf[f"jaccard_{avg}_{zd}"] = M.jaccard_score(y_true, y_pred, labels=labels, average=avg, sample_weight=sw, zero_division=zd)
        if binary:
            pl = 1 if pos_label is None else pos_label
            prf[f"jaccard_binary_{zd}"] = attempt(lambda: M.jaccard_score(y_true, y_pred, average="binary", pos_label=pl, sample_weight=sw, zero_division=zd))
    out["prf"] = prf
    return {
        "name": name,
        "kind": kind_of(y_true),
        "pred_kind": kind_of(y_pred),
        "y_true": y_true,
        "y_pred": y_pred,
        "sample_weight": sw,
        "labels": None if labels is None else list(labels),
        "pos_label": pos_label,
        "binary": binary,
        "expected": out,
    }


def classification():
    rng = np.random.RandomState(42)
    cases = []
    yt = rng.randint(0, 2, 60)
    yp = np.where(rng.rand(60) < 0.75, yt, 1 - yt)
    cases.append(classification_case("binary_01", yt, yp))
    cases.append(classification_case("binary_01_weighted", yt, yp, sample_weight=rng.rand(60) * 3))
    ym = np.where(yt == 0, -1, 1)
    cases.append(classification_case("binary_pm1", ym, np.where(yp == 0, -1, 1)))
    ys = np.array(["no", "yes"])[yt]
    cases.append(classification_case("binary_strings", ys, np.array(["no", "yes"])[yp], pos_label="yes"))
    cases.append(classification_case("binary_strings_pos_no", ys, np.array(["no", "yes"])[yp], pos_label="no"))
    cases.append(classification_case("binary_bool", yt.astype(bool), yp.astype(bool)))

    yt = rng.randint(0, 4, 80)
    yp = np.where(rng.rand(80) < 0.6, yt, rng.randint(0, 4, 80))
    w = rng.rand(80) * 2
    w[:5] = 0
    cases.append(classification_case("multiclass", yt, yp))
    cases.append(classification_case("multiclass_weighted", yt, yp, sample_weight=w))
    cases.append(classification_case("multiclass_labels_subset", yt, yp, labels=[2, 0]))
    cases.append(classification_case("multiclass_labels_absent", yt, yp, labels=[0, 1, 2, 3, 7]))
    cases.append(classification_case("multiclass_labels_reordered_weighted", yt, yp, sample_weight=w, labels=[3, 1, 0, 2]))
    cases.append(classification_case("multiclass_float_true_int_pred", yt.astype(float) + 1.0, yp + 1))

    names = np.array(["setosa", "versicolor", "virginica"])
    yt = rng.randint(0, 3, 50)
    yp = np.where(rng.rand(50) < 0.7, yt, rng.randint(0, 3, 50))
    cases.append(classification_case("multiclass_strings", names[yt], names[yp]))
    cases.append(classification_case("pred_class_not_in_true", np.array([0, 0, 1, 1, 1, 0]), np.array([0, 2, 1, 1, 2, 0])))
    cases.append(classification_case("single_class_all_correct", np.ones(7, dtype=int), np.ones(7, dtype=int)))
    cases.append(classification_case("single_class_zero_negative", np.zeros(7, dtype=int), np.zeros(7, dtype=int)))
    cases.append(classification_case("no_positive_predictions", np.array([0, 1, 0, 1, 0]), np.array([0, 0, 0, 0, 0])))
    cases.append(classification_case("no_positive_truth", np.array([0, 0, 0, 0]), np.array([0, 1, 0, 1])))
    cases.append(classification_case("perfect_multiclass", np.array([2, 0, 1, 2, 1, 0]), np.array([2, 0, 1, 2, 1, 0])))
    cases.append(classification_case("all_wrong_binary", np.array([0, 1, 0, 1]), np.array([1, 0, 1, 0])))

    # Real data: wine classes predicted by a Gaussian naive Bayes fitted on half the rows.
    from sklearn.naive_bayes import GaussianNB
    wine = pd.read_csv(os.path.join(DATA, "wine.csv"))
    X = wine.drop(columns="target").values
    y = wine["target"].values
    idx = np.random.RandomState(0).permutation(len(y))
    tr, te = idx[:89], idx[89:]
    nb = GaussianNB().fit(X[tr], y[tr])
    cases.append(classification_case("wine_gaussian_nb", y[te], nb.predict(X[te])))
    write("classification.json", {"sklearn": sklearn.__version__, "cases": cases})


# ---------------------------------------------------------------------------------------------- ranking and probabilities

def curve_case(name, y_true, y_score, sample_weight=None, pos_label=None):
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score, dtype=float)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    out = {}
    for drop in [True, False]:
        res = attempt(lambda: M.roc_curve(y_true, y_score, pos_label=pos_label, sample_weight=sw, drop_intermediate=drop))
        out[f"roc_{drop}"] = res if res == "raises" else {"fpr": res[0], "tpr": res[1], "thr": res[2]}
    res = attempt(lambda: M.precision_recall_curve(y_true, y_score, pos_label=pos_label, sample_weight=sw))
    out["pr"] = res if res == "raises" else {"p": res[0], "r": res[1], "thr": res[2]}
    out["ap"] = attempt(lambda: M.average_precision_score(y_true, y_score, pos_label=1 if pos_label is None else pos_label, sample_weight=sw))
    out["auc"] = attempt(lambda: M.roc_auc_score(y_true, y_score, sample_weight=sw))
    for mf in [0.1, 0.5, 0.8]:
        out[f"auc_max_fpr_{mf}"] = attempt(lambda: M.roc_auc_score(y_true, y_score, sample_weight=sw, max_fpr=mf))
    return {"name": name, "kind": kind_of(y_true), "y_true": y_true, "y_score": y_score, "sample_weight": sw,
            "pos_label": pos_label, "expected": out}


def multiclass_case(name, y_true, proba, sample_weight=None, labels=None):
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=float)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    out = {}
    for mc in ["ovr", "ovo"]:
        for avg in ["macro", "weighted"]:
            out[f"auc_{mc}_{avg}"] = attempt(lambda: M.roc_auc_score(y_true, proba, multi_class=mc, average=avg, labels=labels,
                                                                       sample_weight=sw if mc == "ovr" else None))
    out["auc_ovr_micro"] = attempt(lambda: M.roc_auc_score(y_true, proba, multi_class="ovr", average="micro", labels=labels, sample_weight=sw))
    out["log_loss"] = attempt(lambda: M.log_loss(y_true, proba, labels=labels, sample_weight=sw))
    out["log_loss_sum"] = attempt(lambda: M.log_loss(y_true, proba, labels=labels, sample_weight=sw, normalize=False))
    out["log_loss_eps"] = attempt(lambda: M.log_loss(y_true, proba, labels=labels, sample_weight=sw, eps=1e-3))
    for k in [1, 2, 3]:
        out[f"top_{k}"] = attempt(lambda: M.top_k_accuracy_score(y_true, proba, k=k, labels=labels, sample_weight=sw))
        out[f"top_{k}_count"] = attempt(lambda: M.top_k_accuracy_score(y_true, proba, k=k, labels=labels, sample_weight=sw, normalize=False))
    return {"name": name, "kind": kind_of(y_true), "y_true": y_true, "proba": proba, "sample_weight": sw,
            "labels": labels, "expected": out}


def binary_prob_case(name, y_true, prob, sample_weight=None, labels=None, pos_label=None):
    y_true = np.asarray(y_true)
    prob = np.asarray(prob, dtype=float)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    out = {}
    out["log_loss"] = attempt(lambda: M.log_loss(y_true, prob, labels=labels, sample_weight=sw))
    out["log_loss_sum"] = attempt(lambda: M.log_loss(y_true, prob, labels=labels, sample_weight=sw, normalize=False))
    out["brier"] = attempt(lambda: M.brier_score_loss(y_true, prob, sample_weight=sw, pos_label=pos_label))
    for k in [1, 2]:
        out[f"top_{k}"] = attempt(lambda: M.top_k_accuracy_score(y_true, prob, k=k, labels=labels, sample_weight=sw))
    return {"name": name, "kind": kind_of(y_true), "y_true": y_true, "prob": prob, "sample_weight": sw,
            "labels": labels, "pos_label": pos_label, "expected": out}


def ranking():
    rng = np.random.RandomState(7)
    curves = []
    yt = rng.randint(0, 2, 200)
    score = yt * 0.8 + rng.randn(200)
    curves.append(curve_case("continuous_scores", yt, score))
    curves.append(curve_case("tied_scores", yt, np.round(score, 1)))
    curves.append(curve_case("heavy_ties_weighted", yt, np.round(score), sample_weight=rng.rand(200) * 2))
    w = rng.rand(200)
    w[::7] = 0
    curves.append(curve_case("zero_weights", yt, np.round(score, 1), sample_weight=w))
    curves.append(curve_case("pm1_labels", np.where(yt == 1, 1, -1), score))
    curves.append(curve_case("string_labels_pos", np.array(["neg", "pos"])[yt], score, pos_label="pos"))
    curves.append(curve_case("int_labels_pos_2", yt + 1, score, pos_label=2))
    curves.append(curve_case("multiclass_pos_label", rng.randint(0, 3, 200), score, pos_label=2))
    curves.append(curve_case("all_positive", np.ones(10, dtype=int), rng.rand(10)))
    curves.append(curve_case("all_negative", np.zeros(10, dtype=int), rng.rand(10)))
    curves.append(curve_case("perfect", np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.7])))
    curves.append(curve_case("reversed", np.array([0, 0, 1, 1, 0, 1]), -np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.7])))
    curves.append(curve_case("constant_score", np.array([0, 1, 0, 1, 1]), np.full(5, 0.5)))
    cancer = pd.read_csv(os.path.join(DATA, "breast_cancer.csv"))
    y = (cancer["diagnosis"] == "malignant").astype(int).values
    curves.append(curve_case("breast_cancer_mean_radius", y, cancer["mean radius"].values))
    curves.append(curve_case("breast_cancer_worst_concave_points_strings", cancer["diagnosis"].values,
                             cancer["worst concave points"].values, pos_label="malignant"))

    multi = []
    yt = rng.randint(0, 3, 120)
    logits = rng.randn(120, 3) + np.eye(3)[yt] * 1.5
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    multi.append(multiclass_case("three_classes", yt, proba))
    multi.append(multiclass_case("three_classes_weighted", yt, proba, sample_weight=rng.rand(120) + 0.1))
    multi.append(multiclass_case("three_classes_strings", np.array(["a", "b", "c"])[yt], proba))
    multi.append(multiclass_case("labels_given", yt * 2, proba, labels=[0, 2, 4]))
    yt4 = rng.randint(0, 3, 60)
    logits = rng.randn(60, 4)
    proba4 = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    multi.append(multiclass_case("absent_class_with_labels", yt4, proba4, labels=[0, 1, 2, 3]))
    tied = np.round(proba, 1)
    tied = tied / tied.sum(axis=1, keepdims=True)
    multi.append(multiclass_case("tied_probabilities", yt, tied))
    extreme = proba.copy()
    extreme[0] = [1.0, 0.0, 0.0]
    extreme[1] = [0.0, 0.0, 1.0]
    multi.append(multiclass_case("extreme_probabilities", yt, extreme))
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    wine = pd.read_csv(os.path.join(DATA, "wine.csv"))
    X = StandardScaler().fit_transform(wine.drop(columns="target").values)
    y = wine["target"].values
    lr = LogisticRegression(C=0.05, max_iter=1000).fit(X[::2], y[::2])
    multi.append(multiclass_case("wine_logistic", y[1::2], lr.predict_proba(X[1::2])))

    binary = []
    yt = rng.randint(0, 2, 80)
    p = np.clip(yt * 0.3 + rng.rand(80) * 0.7, 0, 1)
    binary.append(binary_prob_case("probabilities", yt, p))
    binary.append(binary_prob_case("probabilities_weighted", yt, p, sample_weight=rng.rand(80)))
    binary.append(binary_prob_case("with_zero_and_one", np.array([0, 1, 1, 0, 1]), np.array([0.0, 1.0, 0.0, 1.0, 0.5])))
    binary.append(binary_prob_case("labels_one_class_shown", np.array([1, 1, 1]), np.array([0.9, 0.6, 0.2]), labels=[0, 1]))
    binary.append(binary_prob_case("brier_labels_1_2", yt + 1, p))
    binary.append(binary_prob_case("brier_strings", np.array(["ham", "spam"])[yt], p, pos_label="spam"))
    binary.append(binary_prob_case("brier_pos_0", yt, p, pos_label=0))
    binary.append(binary_prob_case("decision_values", yt, p * 4 - 2))
    write("ranking.json", {"sklearn": sklearn.__version__, "curves": curves, "multiclass": multi, "binary": binary})


# ---------------------------------------------------------------------------------------------- regression

def regression_case(name, y_true, y_pred, sample_weight=None):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    out = {
        "mse": M.mean_squared_error(y_true, y_pred, sample_weight=sw),
        "rmse": M.mean_squared_error(y_true, y_pred, sample_weight=sw, squared=False),
        "mae": M.mean_absolute_error(y_true, y_pred, sample_weight=sw),
        "mape": M.mean_absolute_percentage_error(y_true, y_pred, sample_weight=sw),
        "median_ae": M.median_absolute_error(y_true, y_pred, sample_weight=sw),
        "max_error": M.max_error(y_true, y_pred),
        "r2": M.r2_score(y_true, y_pred, sample_weight=sw),
        "r2_not_finite": M.r2_score(y_true, y_pred, sample_weight=sw, force_finite=False),
        "explained_variance": M.explained_variance_score(y_true, y_pred, sample_weight=sw),
        "explained_variance_not_finite": M.explained_variance_score(y_true, y_pred, sample_weight=sw, force_finite=False),
        "msle": attempt(lambda: M.mean_squared_log_error(y_true, y_pred, sample_weight=sw)),
        "rmsle": attempt(lambda: M.mean_squared_log_error(y_true, y_pred, sample_weight=sw, squared=False)),
        "d2_absolute": M.d2_absolute_error_score(y_true, y_pred, sample_weight=sw),
    }
    for alpha in [0.1, 0.5, 0.9]:
        out[f"pinball_{alpha}"] = M.mean_pinball_loss(y_true, y_pred, sample_weight=sw, alpha=alpha)
        out[f"d2_pinball_{alpha}"] = M.d2_pinball_score(y_true, y_pred, sample_weight=sw, alpha=alpha)
    for power in [-1.0, 0.0, 1.0, 1.5, 2.0, 3.0]:
        out[f"tweedie_{power}"] = attempt(lambda: M.mean_tweedie_deviance(y_true, y_pred, sample_weight=sw, power=power))
        out[f"d2_tweedie_{power}"] = attempt(lambda: M.d2_tweedie_score(y_true, y_pred, sample_weight=sw, power=power))
    return {"name": name, "y_true": y_true, "y_pred": y_pred, "sample_weight": sw, "expected": out}


def regression():
    rng = np.random.RandomState(3)
    cases = []
    yt = rng.gamma(2.0, 2.0, 100) + 0.1
    yp = np.maximum(yt + rng.randn(100), 0.05)
    cases.append(regression_case("positive", yt, yp))
    cases.append(regression_case("positive_weighted", yt, yp, sample_weight=rng.rand(100) * 3))
    cases.append(regression_case("even_count_weighted_ties", np.round(yt[:20]), np.round(yp[:20]), sample_weight=np.round(rng.rand(20) * 4)))
    ys = rng.randn(50) * 10
    cases.append(regression_case("signed", ys, ys + rng.randn(50) * 3))
    cases.append(regression_case("with_zero_truth", np.array([0.0, 1.0, 2.0, 0.0, 5.0]), np.array([0.5, 1.5, 1.0, 0.0, 4.0])))
    cases.append(regression_case("constant_truth_imperfect", np.full(6, 3.0), np.array([3.0, 2.5, 3.5, 3.0, 3.1, 2.9])))
    cases.append(regression_case("constant_truth_perfect", np.full(6, 3.0), np.full(6, 3.0)))
    cases.append(regression_case("perfect", yt[:30], yt[:30]))
    cases.append(regression_case("single_row", np.array([2.0]), np.array([1.5])))
    cases.append(regression_case("odd_count", np.arange(7.0) + 1, np.array([1.5, 2.0, 2.5, 5.0, 4.0, 7.5, 6.0])))
    from sklearn.linear_model import LinearRegression
    diabetes = pd.read_csv(os.path.join(DATA, "diabetes.csv"))
    X = diabetes.drop(columns="target").values
    y = diabetes["target"].values
    lr = LinearRegression().fit(X[::2], y[::2])
    cases.append(regression_case("diabetes_linear", y[1::2], lr.predict(X[1::2])))
    write("regression.json", {"sklearn": sklearn.__version__, "cases": cases})


# ---------------------------------------------------------------------------------------------- clustering

def pair_case(name, a, b):
    a = np.asarray(a)
    b = np.asarray(b)
    h, c, v = M.homogeneity_completeness_v_measure(a, b)
    out = {
        "ari": M.adjusted_rand_score(a, b),
        "rand": M.rand_score(a, b),
        "pair_confusion": M.cluster.pair_confusion_matrix(a, b).astype(float),
        "mi": M.mutual_info_score(a, b),
        "ami_arithmetic": M.adjusted_mutual_info_score(a, b),
        "homogeneity": h, "completeness": c, "v_measure": v,
        "v_measure_beta_2": M.v_measure_score(a, b, beta=2.0),
        "fowlkes_mallows": M.fowlkes_mallows_score(a, b),
        "contingency": M.cluster.contingency_matrix(a, b).astype(float),
    }
    for method in ["arithmetic", "min", "geometric", "max"]:
        out["nmi_" + method] = M.normalized_mutual_info_score(a, b, average_method=method)
        out["ami_" + method] = M.adjusted_mutual_info_score(a, b, average_method=method)
    return {"name": name, "kind_true": kind_of(a), "kind_pred": kind_of(b), "labels_true": a, "labels_pred": b, "expected": out}


def points_case(name, X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    return {
        "name": name, "kind": kind_of(labels), "x": X, "labels": labels,
        "expected": {
            "silhouette_samples": M.silhouette_samples(X, labels),
            "silhouette": M.silhouette_score(X, labels),
            "calinski_harabasz": M.calinski_harabasz_score(X, labels),
            "davies_bouldin": M.davies_bouldin_score(X, labels),
        },
    }


def clustering():
    rng = np.random.RandomState(11)
    pairs = []
    a = rng.randint(0, 4, 100)
    pairs.append(pair_case("random_4_vs_5", a, rng.randint(0, 5, 100)))
    pairs.append(pair_case("noisy_copy", a, np.where(rng.rand(100) < 0.8, a, rng.randint(0, 4, 100))))
    pairs.append(pair_case("identical", a, a))
    pairs.append(pair_case("permuted_names", a, (a + 2) % 4 + 10))
    pairs.append(pair_case("strings_vs_ints", np.array(["x", "y", "z", "w"])[a], np.where(rng.rand(100) < 0.7, a, 0)))
    pairs.append(pair_case("refinement", a, a * 3 + rng.randint(0, 3, 100)))
    pairs.append(pair_case("single_cluster_pred", a, np.zeros(100, dtype=int)))
    pairs.append(pair_case("both_single_cluster", np.zeros(12, dtype=int), np.ones(12, dtype=int)))
    pairs.append(pair_case("all_unique_pred", a[:30], np.arange(30)))
    pairs.append(pair_case("all_unique_both", np.arange(25), np.arange(25)[::-1]))
    pairs.append(pair_case("tiny", np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])))
    pairs.append(pair_case("two_rows", np.array([0, 1]), np.array([1, 1])))
    big_a = rng.randint(0, 12, 3000)
    big_b = np.where(rng.rand(3000) < 0.4, big_a, rng.randint(0, 15, 3000))
    pairs.append(pair_case("large_12_vs_15", big_a, big_b))
    many_a = rng.randint(0, 150, 2500)
    pairs.append(pair_case("many_clusters", many_a, np.where(rng.rand(2500) < 0.5, many_a, rng.randint(0, 120, 2500))))
    pairs.append(pair_case("float_labels", a.astype(float) + 0.5, rng.randint(0, 3, 100).astype(float)))

    points = []
    iris = pd.read_csv(os.path.join(DATA, "iris.csv"))
    points.append(points_case("iris_species", iris.drop(columns="species").values, iris["species"].values))
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler
    wine = pd.read_csv(os.path.join(DATA, "wine.csv"))
    Xw = StandardScaler().fit_transform(wine.drop(columns="target").values)
    km = KMeans(n_clusters=4, n_init=10, random_state=0).fit(Xw)
    points.append(points_case("wine_kmeans4_standardized", Xw, km.labels_))
    points.append(points_case("wine_raw_target", wine.drop(columns="target").values, wine["target"].values))
    centers = np.array([[0.0, 0.0], [5.0, 5.0], [0.0, 6.0]])
    lab = rng.randint(0, 3, 90)
    Xb = centers[lab] + rng.randn(90, 2)
    Xb = np.vstack([Xb, [[20.0, 20.0]]])
    lab = np.concatenate([lab, [3]])
    points.append(points_case("blobs_with_singleton", Xb, lab))
    Xd = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.5, 0.5]])
    points.append(points_case("duplicates", Xd, np.array([0, 0, 1, 1, 1, 0])))
    write("clustering.json", {"sklearn": sklearn.__version__, "pairs": pairs, "points": points})


# ---------------------------------------------------------------------------------------------- reports

def report_case(name, y_true, y_pred, **kw):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    text = M.classification_report(y_true, y_pred, **kw)
    d = M.classification_report(y_true, y_pred, output_dict=True, **kw)
    args = dict(kw)
    if "sample_weight" in args and args["sample_weight"] is not None:
        args["sample_weight"] = np.asarray(args["sample_weight"], dtype=float)
    return {"name": name, "kind": kind_of(y_true), "y_true": y_true, "y_pred": y_pred, "args": args, "text": text, "dict": d}


def reports():
    rng = np.random.RandomState(5)
    cases = []
    names = np.array(["setosa", "versicolor", "virginica"])
    yt = rng.randint(0, 3, 50)
    yp = np.where(rng.rand(50) < 0.7, yt, rng.randint(0, 3, 50))
    cases.append(report_case("strings", names[yt], names[yp]))
    cases.append(report_case("ints_digits_4", yt, yp, digits=4))
    cases.append(report_case("ints_target_names", yt, yp, target_names=["ant", "bird", "cat"]))
    cases.append(report_case("labels_subset_micro", yt, yp, labels=[2, 0]))
    cases.append(report_case("weighted_support", yt, yp, sample_weight=np.round(rng.rand(50) * 4, 1)))
    cases.append(report_case("zero_division_one", np.array([0, 0, 1, 1]), np.array([0, 0, 0, 0]), zero_division=1))
    cases.append(report_case("exact_ties_in_rounding", np.array([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]), np.array([1, 1, 1, 1, 1, 1, 1, 0, 1, 0]), digits=1))
    cases.append(report_case("eighths", np.array([0] * 8 + [1] * 8), np.array([0] * 7 + [1] * 1 + [1] * 3 + [0] * 5), digits=2))
    cases.append(report_case("long_names", np.array(["a very long class name", "b"])[yt % 2], np.array(["a very long class name", "b"])[yp % 2]))
    write("report.json", {"sklearn": sklearn.__version__, "cases": cases})


if __name__ == "__main__":
    classification()
    ranking()
    regression()
    clustering()
    reports()
    print("wrote fixtures to", HERE)
