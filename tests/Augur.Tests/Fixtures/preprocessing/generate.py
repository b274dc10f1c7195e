"""Reference values for Augur's preprocessing, feature selection and column transformer tests.

Run with Debian's Python (scikit-learn 1.2.1):  /usr/bin/python3 generate.py
Writes JSON files next to this script. The C# tests rebuild the same inputs from data/ (and from the row lists and
synthetic data stored here) and compare.
"""
import json
import os
import random

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer, ENGLISH_STOP_WORDS
from sklearn.feature_selection import (SelectKBest, SelectPercentile, VarianceThreshold, chi2, f_classif,
                                       f_regression, mutual_info_classif, mutual_info_regression)
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import (KBinsDiscretizer, MaxAbsScaler, MinMaxScaler, OneHotEncoder, OrdinalEncoder,
                                   PolynomialFeatures, RobustScaler, StandardScaler)

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def load(name):
    return pd.read_csv(os.path.join(DATA, name))


def clean(v):
    """JSON-friendly: arrays to lists, NaN to null, numpy scalars to Python."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, np.ndarray):
        return clean(v.tolist())
    if isinstance(v, (np.floating, float)):
        f = float(v)
        if np.isnan(f):
            return None
        if np.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


def write(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(clean(obj), f, separators=(",", ":"))
    print("wrote", name)


def dense(m):
    return m.toarray() if hasattr(m, "toarray") else np.asarray(m)


wine = load("wine.csv")
wine_X = wine.drop(columns="target")
wine_y = wine["target"]
diabetes = load("diabetes.csv")
diab_X = diabetes.drop(columns="target")
diab_y = diabetes["target"]
iris = load("iris.csv")
iris_X = iris.drop(columns="species")
tx = load("txhousing.csv")
TX_NUM = ["sales", "volume", "median", "listings", "inventory"]
nan_rows = [int(i) for i in np.where(tx[TX_NUM].isna().any(axis=1))[0][:20]]
TX_PROBE = list(range(0, 20)) + nan_rows + [3000, 4500, 8601]

# ---------------------------------------------------------------- scalers
def scaler_case(name, est, X, probe, sample_weight=None, attrs=()):
    if sample_weight is not None:
        est.fit(X, sample_weight=sample_weight)
    else:
        est.fit(X)
    out = {"name": name, "probe": probe, "transform": est.transform(X.iloc[probe])}
    for a in attrs:
        v = getattr(est, a)
        out[a] = None if v is None else v
    if hasattr(est, "inverse_transform"):
        out["inverse"] = est.inverse_transform(est.transform(X.iloc[probe]))
    return out


wine_probe = list(range(0, 178, 6))
diab_probe = list(range(0, 442, 11))
weights = [1 + (i % 7) / 3 for i in range(len(wine_X))]
scalers = [
    scaler_case("standard_wine", StandardScaler(), wine_X, wine_probe, attrs=("mean_", "var_", "scale_")),
    scaler_case("standard_wine_weighted", StandardScaler(), wine_X, wine_probe, sample_weight=weights, attrs=("mean_", "var_", "scale_")),
    scaler_case("standard_wine_nomean", StandardScaler(with_mean=False), wine_X, wine_probe, attrs=("mean_", "var_", "scale_")),
    scaler_case("standard_wine_nostd", StandardScaler(with_std=False), wine_X, wine_probe, attrs=("mean_",)),
    scaler_case("standard_tx", StandardScaler(), tx[TX_NUM], TX_PROBE, attrs=("mean_", "var_", "scale_")),
    scaler_case("minmax_wine", MinMaxScaler(), wine_X, wine_probe, attrs=("data_min_", "data_max_", "scale_", "min_")),
    scaler_case("minmax_tx", MinMaxScaler(), tx[TX_NUM], TX_PROBE, attrs=("data_min_", "data_max_", "scale_", "min_")),
    scaler_case("maxabs_diabetes", MaxAbsScaler(), diab_X, diab_probe, attrs=("max_abs_", "scale_")),
    scaler_case("maxabs_tx", MaxAbsScaler(), tx[TX_NUM], TX_PROBE, attrs=("max_abs_", "scale_")),
    scaler_case("robust_diabetes", RobustScaler(), diab_X, diab_probe, attrs=("center_", "scale_")),
    scaler_case("robust_wine_range", RobustScaler(quantile_range=(10.0, 90.0), unit_variance=True), wine_X, wine_probe, attrs=("center_", "scale_")),
    scaler_case("robust_tx_nocenter", RobustScaler(with_centering=False), tx[TX_NUM], TX_PROBE, attrs=("center_", "scale_")),
    scaler_case("robust_diabetes_noscale", RobustScaler(with_scaling=False), diab_X, diab_probe, attrs=("center_", "scale_")),
]
# MinMax with clipping: fit on the first 300 rows of diabetes, transform the rest.
mm = MinMaxScaler(feature_range=(-1.0, 2.0), clip=True).fit(diab_X.iloc[:300])
scalers.append({"name": "minmax_diabetes_clip", "fit_rows": list(range(300)), "probe": list(range(300, 442, 3)),
                "transform": mm.transform(diab_X.iloc[300::3]), "data_min_": mm.data_min_, "data_max_": mm.data_max_,
                "scale_": mm.scale_, "min_": mm.min_})
write("scalers.json", {"tx_numeric": TX_NUM, "cases": scalers})

# ---------------------------------------------------------------- encoders
# A subset of txhousing with varied city counts: the rows are in blocks of 187 per city.
subset = [i for i in range(len(tx)) if (i % 187) < 2 + (i // 187) % 23]
missing_city = [i for i in subset if i % 29 == 3]
frame = tx.iloc[subset].copy()
frame.loc[frame.index.isin(missing_city), "city"] = np.nan
frame["half"] = np.where(frame["month"] <= 6, "h1", "h2")
frame["summer"] = frame["month"].between(6, 8)
frame["m2"] = frame["month"] / 2.0
frame.loc[frame.index.isin(missing_city), "m2"] = np.nan
probe = subset[::7] + [187 * 5 + 100, 187 * 9 + 150]  # the last two come from rows outside the subset
pframe = tx.iloc[probe].copy()
pframe.loc[pframe.index.isin(missing_city), "city"] = np.nan
pframe["half"] = np.where(pframe["month"] <= 6, "h1", "h2")
pframe["summer"] = pframe["month"].between(6, 8)
pframe["m2"] = pframe["month"] / 2.0
pframe.loc[pframe.index.isin(missing_city), "m2"] = np.nan
unknown_cities = ["Austin", "Dallas", "El Paso"]


def ohe_case(name, cols, fit_frame, probe_frame, **kw):
    enc = OneHotEncoder(sparse_output=False, **kw).fit(fit_frame[cols])
    return {"name": name, "columns": cols, "options": kw, "names": list(enc.get_feature_names_out()),
            "infrequent": [[str(c) for c in (x if x is not None else [])] for x in enc.infrequent_categories_]
            if (kw.get("min_frequency") or kw.get("max_categories")) else None,
            "transform": enc.transform(probe_frame[cols])}


known = frame[~frame["city"].isin(unknown_cities)]
encoders = [
    ohe_case("city_default", ["city"], frame, pframe),
    ohe_case("city_drop_first", ["city"], frame, pframe, drop="first"),
    ohe_case("city_min_count", ["city"], frame, pframe, min_frequency=10),
    ohe_case("city_min_fraction", ["city"], frame, pframe, min_frequency=0.05),
    ohe_case("city_max_categories", ["city"], frame, pframe, max_categories=8),
    ohe_case("city_infrequent_unknown", ["city"], known, pframe, max_categories=8, drop="first", handle_unknown="infrequent_if_exist"),
    ohe_case("city_ignore_unknown", ["city"], known, pframe, handle_unknown="ignore"),
    ohe_case("ints", ["year", "month"], frame, pframe, handle_unknown="ignore"),
    ohe_case("if_binary", ["half", "month"], frame, pframe, drop="if_binary"),
    ohe_case("bool", ["summer"], frame, pframe),
    ohe_case("float_with_nan", ["m2"], frame, pframe, max_categories=5),
]
ordinal = []
oe = OrdinalEncoder().fit(frame[["city", "month"]])
ordinal.append({"name": "default", "columns": ["city", "month"], "categories": [[str(c) for c in cats] for cats in oe.categories_],
                "transform": oe.transform(pframe[["city", "month"]])})
oe = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-2).fit(known[["city"]])
ordinal.append({"name": "unknown", "columns": ["city"], "transform": oe.transform(pframe[["city"]])})
write("encoders.json", {"subset": subset, "missing_city": missing_city, "probe": probe, "unknown_cities": unknown_cities,
                        "onehot": encoders, "ordinal": ordinal})

# ---------------------------------------------------------------- imputer
imp_frame = tx[TX_NUM].copy()
imp_frame["empty"] = np.nan
imputers = []
for strategy, kw in [("mean", {}), ("median", {}), ("most_frequent", {}), ("constant", {"fill_value": -1}),
                     ("mean", {"add_indicator": True}), ("median", {"keep_empty_features": True}),
                     ("constant", {"add_indicator": True})]:
    imp = SimpleImputer(strategy=strategy, **kw).fit(imp_frame)
    imputers.append({"strategy": strategy, "options": kw, "statistics": imp.statistics_,
                     "names": list(imp.get_feature_names_out()), "transform": imp.transform(imp_frame.iloc[TX_PROBE])})
text_imputers = []
for strategy, kw in [("most_frequent", {}), ("constant", {}), ("constant", {"fill_value": "unknown", "add_indicator": True})]:
    imp = SimpleImputer(strategy=strategy, **kw).fit(frame[["city", "half"]])
    out = imp.transform(pframe[["city", "half"]])
    text_imputers.append({"strategy": strategy, "options": kw, "statistics": [str(s) for s in imp.statistics_],
                          "names": list(imp.get_feature_names_out()),
                          "transform": [[str(v) if isinstance(v, str) else float(v) for v in row] for row in out]})
write("imputer.json", {"probe": TX_PROBE, "numeric": imputers, "text": text_imputers})

# ---------------------------------------------------------------- discretizer
kbins = []
for data_name, X in [("wine", wine_X[["alcohol", "malic_acid", "magnesium", "proline", "hue"]]),
                     ("diabetes", diab_X[["age", "bmi", "s3", "s4", "s6"]])]:
    for strategy in ["uniform", "quantile", "kmeans"]:
        for n_bins in [3, 5, 7]:
            kb = KBinsDiscretizer(n_bins=n_bins, encode="ordinal", strategy=strategy).fit(X)
            kbins.append({"data": data_name, "columns": list(X.columns), "strategy": strategy, "n_bins": n_bins,
                          "edges": [list(e) for e in kb.bin_edges_], "n_bins_": kb.n_bins_,
                          "transform": kb.transform(X)})
kb = KBinsDiscretizer(n_bins=4, encode="onehot-dense", strategy="quantile").fit(diab_X[["age", "sex"]])
onehot = {"columns": ["age", "sex"], "names": list(kb.get_feature_names_out()), "transform": kb.transform(diab_X[["age", "sex"]].iloc[:40])}
write("kbins.json", {"cases": kbins, "onehot": onehot})

# ---------------------------------------------------------------- polynomial
poly = []
pX = iris_X.iloc[:, :3]
for kw in [{"degree": 2}, {"degree": 3, "interaction_only": True}, {"degree": 2, "include_bias": False}, {"degree": (2, 3)}, {"degree": 3}]:
    pf = PolynomialFeatures(**kw).fit(pX)
    poly.append({"options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()},
                 "names": list(pf.get_feature_names_out()), "transform": pf.transform(pX.iloc[::10])})
write("poly.json", {"columns": list(pX.columns), "cases": poly})

# ---------------------------------------------------------------- text
rng = random.Random(20240501)
words = ["data", "model", "learning", "the", "and", "of", "naïve", "café", "Straße", "über", "日本語", "テキスト",
         "x²", "e_mail", "3d", "2024", "a", "I", "ok", "Model", "MODEL", "rain", "sun", "cloud", "wind", "snow",
         "fast", "slow", "good", "bad", "is", "not", "very", "quite", "ünïcödé", "𝐛𝐨𝐥𝐝", "co-op", "don't",
         "it's", "well-known", "ﬁne", "Ⅻ", "½", "٣٤", "x1", "_x", "__init__"]
weights_w = [rng.random() ** 3 + 0.02 for _ in words]
docs = []
for d in range(160):
    n = rng.randint(0, 16)
    toks = rng.choices(words, weights=weights_w, k=n)
    seps = [rng.choice([" ", " ", " ", ", ", ". ", "\n", "\t", "  ", "!", "?"]) for _ in toks]
    docs.append("".join(t + s for t, s in zip(toks, seps)).strip())
labels = [rng.randint(0, 2) for _ in docs]


def sparse_triplets(m):
    m = m.tocoo()
    order = np.lexsort((m.col, m.row))
    return {"rows": m.row[order], "cols": m.col[order], "values": m.data[order]}


text_cases = []
for kind, kw in [
    ("count", {}),
    ("count", {"ngram_range": (1, 2)}),
    ("count", {"ngram_range": (2, 3), "stop_words": "english"}),
    ("count", {"min_df": 2, "max_df": 0.5}),
    ("count", {"min_df": 0.05, "max_df": 20}),
    ("count", {"max_features": 12}),
    ("count", {"max_features": 7, "binary": True}),
    ("count", {"lowercase": False}),
    ("count", {"token_pattern": r"(?u)\b\w+\b"}),
    ("count", {"token_pattern": r"[a-z]+(?:'[a-z]+)?"}),
    ("count", {"token_pattern": r"(\w+)-\w+"}),
    ("count", {"stop_words": ["data", "model", "sun"], "ngram_range": (1, 2)}),
    ("tfidf", {}),
    ("tfidf", {"norm": "l1", "sublinear_tf": True}),
    ("tfidf", {"norm": None, "use_idf": False}),
    ("tfidf", {"smooth_idf": False, "ngram_range": (1, 2), "max_features": 25}),
    ("tfidf", {"binary": True, "stop_words": "english", "min_df": 3}),
]:
    cls = CountVectorizer if kind == "count" else TfidfVectorizer
    v = cls(**kw)
    X = v.fit_transform(docs)
    case = {"kind": kind, "options": {k: (list(val) if isinstance(val, tuple) else val) for k, val in kw.items()},
            "vocabulary": list(v.get_feature_names_out()), "fit_transform": sparse_triplets(X)}
    if kind == "tfidf" and v.use_idf:
        case["idf"] = v.idf_
    # Transform of new documents (unknown words are ignored).
    case["new_docs"] = [docs[3] + " zebra Data", "", "MODEL model Model data"]
    case["transform"] = sparse_triplets(v.transform(case["new_docs"]))
    text_cases.append(case)
# numpy's default argsort on tie-heavy data (the order max_features relies on)
argsort_cases = []
nrng = np.random.RandomState(7)
for n, hi in [(5, 2), (16, 3), (17, 3), (18, 2), (33, 4), (40, 4), (100, 5), (1000, 10), (3000, 3), (5000, 40)]:
    a = nrng.randint(0, hi, size=n).astype(np.int64)
    argsort_cases.append({"keys": a, "order": np.argsort(a)})
    # The float64 path (TfidfVectorizer's term frequencies are floats) orders ties the same way.
    assert (np.argsort(-a.astype(np.float64)) == np.argsort(-a)).all()
write("text.json", {"documents": docs, "labels": labels, "english_stop_words": sorted(ENGLISH_STOP_WORDS),
                    "cases": text_cases, "argsort": argsort_cases})

# ---------------------------------------------------------------- feature selection
fs = {}
f, p = f_classif(wine_X, wine_y); fs["f_classif_wine"] = {"scores": f, "pvalues": p}
f, p = f_classif(iris_X, iris["species"]); fs["f_classif_iris"] = {"scores": f, "pvalues": p}
f, p = f_regression(diab_X, diab_y); fs["f_regression_diabetes"] = {"scores": f, "pvalues": p}
f, p = f_regression(wine_X, wine_y.astype(float)); fs["f_regression_wine"] = {"scores": f, "pvalues": p}
f, p = chi2(wine_X, wine_y); fs["chi2_wine"] = {"scores": f, "pvalues": p}
digits = load("digits.csv")
dig_X = digits.drop(columns="target").iloc[:400]
dig_y = digits["target"].iloc[:400]
keep = dig_X.columns[dig_X.var() > 0]
f, p = chi2(dig_X[keep], dig_y); fs["chi2_digits"] = {"columns": list(keep), "scores": f, "pvalues": p}
tfidf = TfidfVectorizer().fit(docs)
Xt = tfidf.transform(docs)
f, p = chi2(Xt, labels); fs["chi2_tfidf"] = {"vocabulary": list(tfidf.get_feature_names_out()), "scores": f, "pvalues": p}
f, p = f_classif(Xt, labels); fs["f_classif_tfidf"] = {"scores": f, "pvalues": p}
fs["mi_classif_digits_discrete"] = {"columns": list(keep), "scores": mutual_info_classif(dig_X[keep], dig_y, discrete_features=True)}
fs["mi_classif_tfidf_auto"] = {"scores": mutual_info_classif(Xt, labels, random_state=0)}
fs["mi_classif_wine"] = {"scores": mutual_info_classif(wine_X, wine_y, random_state=0)}
fs["mi_regression_diabetes"] = {"scores": mutual_info_regression(diab_X, diab_y, random_state=0)}
# Tie-free synthetic data, where the tie-breaking noise cannot matter.
srng = np.random.RandomState(3)
S = srng.normal(size=(300, 4))
S[:, 2] = np.exp(S[:, 2])
sy = S[:, 0] + 0.5 * np.sin(3 * S[:, 1]) + 0.1 * srng.normal(size=300)
sc = (S[:, 0] + S[:, 3] > 0).astype(int) + (S[:, 1] > 1).astype(int)
fs["synthetic"] = {"X": S, "y": sy, "labels": sc,
                   "mi_regression": mutual_info_regression(S, sy, random_state=0),
                   "mi_classif": mutual_info_classif(S, sc, random_state=0),
                   "mi_regression_k5": mutual_info_regression(S, sy, n_neighbors=5, random_state=0)}
# Discrete features with a continuous target.
D = np.column_stack([srng.randint(0, 4, size=300), (S[:, 0] > 0).astype(int) + (S[:, 3] > 0.5).astype(int)]).astype(float)
fs["synthetic"]["D"] = D
fs["synthetic"]["mi_regression_discrete"] = mutual_info_regression(D, sy, discrete_features=True, random_state=0)
skb = SelectKBest(f_classif, k=5).fit(wine_X, wine_y)
fs["select_k_best_wine"] = {"support": skb.get_support()}
sp = SelectPercentile(chi2, percentile=30).fit(wine_X, wine_y)
fs["select_percentile_wine"] = {"support": sp.get_support()}
sp = SelectPercentile(f_classif, percentile=25).fit(dig_X, dig_y)
fs["select_percentile_digits"] = {"support": sp.get_support()}
for thr in [0.0, 5.0]:
    vt = VarianceThreshold(threshold=thr).fit(dig_X)
    fs[f"variance_digits_{thr}"] = {"variances": vt.variances_, "support": vt.get_support()}
write("featsel.json", fs)

# ---------------------------------------------------------------- column transformer
ct = ColumnTransformer([("num", StandardScaler(), ["sales", "volume"]),
                        ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["city"])],
                       remainder="passthrough").fit(tx.iloc[subset])
ct2 = ColumnTransformer([("scale", MinMaxScaler(), ["sales", "median"]), ("robust", RobustScaler(), ["month"])],
                        remainder="drop", verbose_feature_names_out=False).fit(tx.iloc[subset])
write("pipelines.json", {"subset": subset, "probe": probe,
                         "ct": {"names": list(ct.get_feature_names_out()), "transform": ct.transform(tx.iloc[probe])},
                         "ct_plain": {"names": list(ct2.get_feature_names_out()), "transform": ct2.transform(tx.iloc[probe])}})
