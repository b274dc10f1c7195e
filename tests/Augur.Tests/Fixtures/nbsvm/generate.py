"""Reference values for the neighbours, naive Bayes, SVM and decomposition tests (scikit-learn 1.2.1).

Run with Debian's Python (/usr/bin/python3) from any directory; writes JSON files next to this script.
Train/test splits are by row index (test = rows with i % 4 == 0) so the C# tests rebuild them without stored indices.
Standardisation uses plain sequential sums (see `standardize`) so both sides compute bit-identical inputs.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.naive_bayes import BernoulliNB, ComplementNB, GaussianNB, MultinomialNB
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.svm import SVC, SVR
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def load(name, target):
    df = pd.read_csv(os.path.join(DATA, name))
    y = df[target].to_numpy()
    x = df.drop(columns=[target]).to_numpy(dtype=np.float64)
    return x, y


def split(n):
    test = np.arange(n) % 4 == 0
    return ~test, test


def standardize(x):
    """Column z-scores with sequential sums (row after row), population standard deviation."""
    n, p = x.shape
    s = np.zeros(p)
    for row in x:
        s = s + row
    mean = s / n
    ss = np.zeros(p)
    for row in x:
        d = row - mean
        ss = ss + d * d
    std = np.sqrt(ss / n)
    return (x - mean) / std


def tolist(a):
    a = np.asarray(a)
    if a.dtype.kind in "iub":
        return a.tolist()
    return [float(v) if np.isfinite(v) else ("NaN" if np.isnan(v) else ("Infinity" if v > 0 else "-Infinity")) for v in a.ravel()] if a.ndim == 1 else [tolist(r) for r in a]


def labels(y):
    return [str(v) for v in y]


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(name, os.path.getsize(os.path.join(HERE, name)))


def synthetic(n=300, p=8, classes=3, seed=0):
    x, y = make_classification(n_samples=n, n_features=p, n_informative=5, n_redundant=1, n_classes=classes, random_state=seed)
    return x, y


# ---------------------------------------------------------------- naive Bayes
def nb_case(model, x, y, train, test, sample_weight=None, xtest=None, limit=100):
    model.fit(x[train], y[train], sample_weight=None if sample_weight is None else sample_weight[train])
    xt = (x[test] if xtest is None else xtest)[:limit]
    out = {
        "classes": labels(model.classes_),
        "class_count": tolist(model.class_count_),
        "log_proba": tolist(model.predict_log_proba(xt)),
        "predict": labels(model.predict(xt)),
    }
    if isinstance(model, GaussianNB):
        out.update(theta=tolist(model.theta_), var=tolist(model.var_), class_prior=tolist(model.class_prior_), epsilon=float(model.epsilon_))
    else:
        out.update(feature_log_prob=tolist(model.feature_log_prob_), class_log_prior=tolist(model.class_log_prior_),
                   feature_count=tolist(model.feature_count_))
    return out


def naive_bayes():
    cases = {}
    xi, yi = load("iris.csv", "species")
    tr, te = split(len(yi))
    cases["gaussian_iris"] = nb_case(GaussianNB(), xi, yi, tr, te)
    xw, yw = load("wine.csv", "target")
    tr, te = split(len(yw))
    w = 0.5 + (np.arange(len(yw)) % 5) * 0.25
    cases["gaussian_wine_weighted"] = nb_case(GaussianNB(), xw, yw, tr, te, sample_weight=w)
    cases["gaussian_wine_priors"] = nb_case(GaussianNB(priors=[0.2, 0.5, 0.3], var_smoothing=1e-6), xw, yw, tr, te)
    xd, yd = load("digits.csv", "target")
    tr, te = split(len(yd))
    cases["gaussian_digits"] = nb_case(GaussianNB(), xd, yd, tr, te)
    cases["multinomial_digits"] = nb_case(MultinomialNB(), xd, yd, tr, te)
    wd = 1.0 + (np.arange(len(yd)) % 3)
    cases["multinomial_digits_weighted"] = nb_case(MultinomialNB(alpha=0.5, fit_prior=False), xd, yd, tr, te, sample_weight=wd)
    cases["multinomial_digits_prior"] = nb_case(MultinomialNB(alpha=2.0, class_prior=[0.1] * 10), xd, yd, tr, te)
    cases["bernoulli_digits"] = nb_case(BernoulliNB(binarize=4.0), xd, yd, tr, te)
    cases["complement_digits"] = nb_case(ComplementNB(), xd, yd, tr, te)
    cases["complement_digits_norm"] = nb_case(ComplementNB(norm=True, alpha=0.3), xd, yd, tr, te)
    xs, ys = synthetic()
    tr, te = split(len(ys))
    cases["bernoulli_synthetic"] = nb_case(BernoulliNB(), xs, ys, tr, te)
    cases["gaussian_synthetic"] = nb_case(GaussianNB(), xs, ys, tr, te)
    # A sparse count matrix (documents × terms) for the sparse path.
    rng = np.random.RandomState(3)
    counts = sp.random(200, 60, density=0.08, random_state=rng, data_rvs=lambda k: rng.randint(1, 6, size=k)).tocsr()
    yc = rng.randint(0, 3, size=200)
    dense = counts.toarray()
    tr, te = split(200)
    sparse_cases = {}
    for name, model in [("multinomial", MultinomialNB(alpha=0.7)), ("complement", ComplementNB()), ("bernoulli", BernoulliNB()),
                        ("bernoulli_threshold", BernoulliNB(binarize=2.0))]:
        model.fit(counts[tr], yc[tr])
        sparse_cases[name] = {"log_proba": tolist(model.predict_log_proba(counts[te])), "feature_log_prob": tolist(model.feature_log_prob_)}
    cases["sparse"] = {"x": tolist(dense), "y": tolist(yc), **sparse_cases}
    cases["synthetic_x"] = tolist(xs)
    cases["synthetic_y"] = tolist(ys)
    write("naive_bayes.json", cases)


# ---------------------------------------------------------------- neighbours
def knn():
    cases = {}
    xd, yd = load("digits.csv", "target")
    tr, te = split(len(yd))
    for name, kw in [("uniform", {}), ("distance", {"weights": "distance"}), ("k1", {"n_neighbors": 1}),
                     ("manhattan", {"metric": "manhattan", "n_neighbors": 7}), ("chebyshev", {"metric": "chebyshev"}),
                     ("minkowski3", {"p": 3, "n_neighbors": 4})]:
        m = KNeighborsClassifier(algorithm="brute", **kw).fit(xd[tr], yd[tr])
        d, i = m.kneighbors(xd[te])
        cases["digits_" + name] = {"predict": labels(m.predict(xd[te])), "proba": tolist(m.predict_proba(xd[te])),
                                   "distances": tolist(d), "indices": tolist(i)}
    # Queries that coincide with training rows (distance zero) under distance weighting.
    m = KNeighborsClassifier(weights="distance", algorithm="brute").fit(xd[tr], yd[tr])
    q = xd[tr][:40]
    cases["digits_self_distance"] = {"predict": labels(m.predict(q)), "proba": tolist(m.predict_proba(q))}
    xi, yi = load("iris.csv", "species")
    tr, te = split(len(yi))
    for algo in ["brute", "kd_tree"]:
        for w in ["uniform", "distance"]:
            m = KNeighborsClassifier(n_neighbors=7, weights=w, algorithm=algo).fit(xi[tr], yi[tr])
            cases[f"iris_{algo}_{w}"] = {"predict": labels(m.predict(xi[te])), "proba": tolist(m.predict_proba(xi[te]))}
    xw, yw = load("wine.csv", "target")
    zw = standardize(xw)
    tr, te = split(len(yw))
    m = KNeighborsClassifier(n_neighbors=6, algorithm="brute").fit(zw[tr], yw[tr])
    cases["wine_std"] = {"predict": labels(m.predict(zw[te])), "proba": tolist(m.predict_proba(zw[te]))}
    xs, ys = synthetic(n=400, p=10, classes=4, seed=1)
    tr, te = split(len(ys))
    m = KNeighborsClassifier(n_neighbors=9, metric="cosine", algorithm="brute").fit(xs[tr], ys[tr])
    d, i = m.kneighbors(xs[te])
    cases["synthetic_cosine"] = {"x": tolist(xs), "y": tolist(ys), "predict": labels(m.predict(xs[te])), "proba": tolist(m.predict_proba(xs[te])),
                                 "distances": tolist(d), "indices": tolist(i)}
    xb, yb = load("diabetes.csv", "target")
    tr, te = split(len(yb))
    for w in ["uniform", "distance"]:
        m = KNeighborsRegressor(n_neighbors=5, weights=w, algorithm="brute").fit(xb[tr], yb[tr])
        cases["diabetes_" + w] = {"predict": tolist(m.predict(xb[te]))}
    write("knn.json", cases)


# ---------------------------------------------------------------- SVM
def svc_case(model, x, y, train, test, sample_weight=None):
    model.fit(x[train], y[train], sample_weight=None if sample_weight is None else sample_weight[train])
    out = {
        "predict": labels(model.predict(x[test])),
        "decision": tolist(model.decision_function(x[test])),
        "n_support": tolist(model.n_support_),
        "support": tolist(model.support_),
        "intercept": tolist(model.intercept_),
        "dual_coef": tolist(model.dual_coef_),
        "gamma": float(model._gamma),
    }
    if model.probability:
        out["proba"] = tolist(model.predict_proba(x[test]))
    return out


def svm():
    cases = {}
    xi, yi = load("iris.csv", "species")
    zi = standardize(xi)
    tr, te = split(len(yi))
    cases["iris_rbf"] = svc_case(SVC(), zi, yi, tr, te)
    cases["iris_ovo"] = svc_case(SVC(decision_function_shape="ovo"), zi, yi, tr, te)
    cases["iris_linear"] = svc_case(SVC(kernel="linear", C=0.5), zi, yi, tr, te)
    cases["iris_probability"] = svc_case(SVC(probability=True, random_state=0), zi, yi, tr, te)
    xw, yw = load("wine.csv", "target")
    zw = standardize(xw)
    tr, te = split(len(yw))
    cases["wine_rbf"] = svc_case(SVC(C=3.0), zw, yw, tr, te)
    cases["wine_poly"] = svc_case(SVC(kernel="poly", degree=2, gamma="auto", coef0=1.0), zw, yw, tr, te)
    cases["wine_balanced"] = svc_case(SVC(class_weight="balanced", C=0.7), zw, yw, tr, te)
    sw = 0.5 + (np.arange(len(yw)) % 4) * 0.5
    cases["wine_weighted"] = svc_case(SVC(), zw, yw, tr, te, sample_weight=sw)
    cases["wine_noshrink"] = svc_case(SVC(shrinking=False, gamma=0.05), zw, yw, tr, te)
    xb, yb = load("breast_cancer.csv", "diagnosis")
    zb = standardize(xb)
    tr, te = split(len(yb))
    cases["cancer_rbf"] = svc_case(SVC(), zb, yb, tr, te)
    cases["cancer_sigmoid"] = svc_case(SVC(kernel="sigmoid", gamma=0.01, C=2.0), zb, yb, tr, te)
    cases["cancer_probability"] = svc_case(SVC(probability=True, random_state=0), zb, yb, tr, te)
    cases["cancer_class_weight"] = svc_case(SVC(class_weight={"malignant": 3.0}), zb, yb, tr, te)
    xd, yd = load("diabetes.csv", "target")
    zd = standardize(xd)
    tr, te = split(len(yd))
    for name, model in [("diabetes_default", SVR()), ("diabetes_c100", SVR(C=100.0, epsilon=5.0)),
                        ("diabetes_linear", SVR(kernel="linear", C=10.0, epsilon=2.0))]:
        model.fit(zd[tr], yd[tr])
        cases[name] = {"predict": tolist(model.predict(zd[te])), "support": tolist(model.support_),
                       "intercept": float(model.intercept_[0]), "dual_coef": tolist(model.dual_coef_[0])}
    write("svm.json", cases)


# ---------------------------------------------------------------- decomposition
def pca_case(model, x, rows=8):
    model.fit(x)
    out = {
        "components": tolist(model.components_),
        "explained_variance": tolist(model.explained_variance_),
        "explained_variance_ratio": tolist(model.explained_variance_ratio_),
        "singular_values": tolist(model.singular_values_),
        "mean": tolist(model.mean_),
        "noise_variance": float(model.noise_variance_),
        "n_components": int(model.n_components_),
        "transform": tolist(model.transform(x[:rows])),
        "names": [str(v) for v in model.get_feature_names_out()],
    }
    return out


def decomposition():
    cases = {}
    xi, _ = load("iris.csv", "species")
    cases["iris_all"] = pca_case(PCA(), xi)
    cases["iris_whiten"] = pca_case(PCA(n_components=2, whiten=True), xi)
    xw, _ = load("wine.csv", "target")
    cases["wine_std_fraction"] = pca_case(PCA(n_components=0.8), standardize(xw))
    xd, _ = load("digits.csv", "target")
    cases["digits_10"] = pca_case(PCA(n_components=10, svd_solver="full"), xd)
    xb, _ = load("breast_cancer.csv", "diagnosis")
    cases["cancer_5"] = pca_case(PCA(n_components=5, svd_solver="full"), xb)
    xdb, _ = load("diabetes.csv", "target")
    cases["diabetes_3_whiten"] = pca_case(PCA(n_components=3, whiten=True), xdb)
    xs, _ = synthetic(n=500, p=12, classes=2, seed=4)
    cases["synthetic_6"] = pca_case(PCA(n_components=6, svd_solver="full"), xs)
    cases["synthetic_x"] = tolist(xs)
    # Truncated SVD, dense and sparse.
    t = TruncatedSVD(n_components=5, random_state=0).fit(xd)
    cases["tsvd_digits"] = {"components": tolist(t.components_), "explained_variance": tolist(t.explained_variance_),
                            "explained_variance_ratio": tolist(t.explained_variance_ratio_), "singular_values": tolist(t.singular_values_),
                            "transform": tolist(t.transform(xd[:8])), "names": [str(v) for v in t.get_feature_names_out()]}
    rng = np.random.RandomState(7)
    s = sp.random(300, 80, density=0.05, random_state=rng).tocsr()
    # A few sparse blocks of different strength so the leading singular values are well separated.
    for w in [6.0, 4.0, 2.5, 1.5]:
        r = (rng.rand(300) > 0.85).astype(float)
        c = (rng.rand(80) > 0.85).astype(float)
        s = s + sp.csr_matrix(np.outer(r, c) * w * rng.rand(300)[:, None])
    s = sp.csr_matrix(s)
    t = TruncatedSVD(n_components=4, n_iter=7, random_state=0).fit(s)
    cases["tsvd_sparse"] = {"x": tolist(s.toarray()), "components": tolist(t.components_), "explained_variance": tolist(t.explained_variance_),
                            "explained_variance_ratio": tolist(t.explained_variance_ratio_), "singular_values": tolist(t.singular_values_)}
    write("decomposition.json", cases)


if __name__ == "__main__":
  # One BLAS/OpenMP thread throughout, so the reference values do not depend on the machine's core count.
  with threadpool_limits(1):
    naive_bayes()
    # scikit-learn's brute-force neighbour search merges per-thread heaps when it splits the training rows across
    # threads, so which of several equally distant rows it keeps depends on the thread count; one thread gives the
    # canonical in-order result that Augur reproduces.
    knn()
    svm()
    decomposition()
