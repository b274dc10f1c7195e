"""Reference values for the boosting tests: scikit-learn 1.2.1's HistGradientBoosting on the bundled data sets.

LightGBM itself is the reference for how our models behave (its Python package is not installed here), so these
fixtures pin the *quality* a comparable gradient-boosting implementation reaches on held-out data: the C# tests fit
Augur's LightGBM estimators on the same training rows and must come within a small margin of these scores.

Run with /usr/bin/python3 (scikit-learn 1.2.1, NumPy, pandas); writes hgb_reference.json next to this script.
"""
import json
import os

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import accuracy_score, log_loss, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")

# Comparable to LightGBM's defaults as Augur uses them: 100 iterations, learning rate 0.1, 31 leaves,
# 20 rows per leaf, no early stopping, 255 bins.
COMMON = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, early_stopping=False,
              max_bins=255, random_state=0)


def split(n, y=None):
    idx = np.arange(n)
    train, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=y)
    return np.sort(train), np.sort(test)


def classification(name, target):
    df = pd.read_csv(os.path.join(DATA, name + ".csv"))
    X = df.drop(columns=[target]).to_numpy(float)
    labels = np.unique(df[target].to_numpy())
    y = np.searchsorted(labels, df[target].to_numpy())
    train, test = split(len(y), y)
    model = HistGradientBoostingClassifier(**COMMON).fit(X[train], y[train])
    proba = model.predict_proba(X[test])
    out = {"test_index": test.tolist(), "hgb_accuracy": accuracy_score(y[test], model.predict(X[test])),
           "hgb_log_loss": log_loss(y[test], proba)}
    if len(labels) == 2:
        out["hgb_auc"] = roc_auc_score(y[test], proba[:, 1])
    return out


def regression(X, y, categorical=None):
    train, test = split(len(y))
    model = HistGradientBoostingRegressor(categorical_features=categorical, **COMMON).fit(X[train], y[train])
    return {"test_index": test.tolist(), "hgb_r2": r2_score(y[test], model.predict(X[test]))}


def main():
    result = {
        "breast_cancer": classification("breast_cancer", "diagnosis"),
        "wine": classification("wine", "target"),
    }
    diabetes = pd.read_csv(os.path.join(DATA, "diabetes.csv"))
    result["diabetes"] = regression(diabetes.drop(columns=["target"]).to_numpy(float), diabetes["target"].to_numpy(float))

    # A categorical feature (46 cities) and missing values: HGB with native categorical support on the city codes.
    tx = pd.read_csv(os.path.join(DATA, "txhousing.csv"))
    keep = tx["median"].notna().to_numpy()
    city_codes = np.searchsorted(np.unique(tx["city"]), tx["city"])
    X = np.column_stack([city_codes, tx[["year", "month", "sales", "listings", "inventory"]].to_numpy(float)])
    tx_result = regression(X[keep], tx["median"].to_numpy(float)[keep], categorical=[0])
    tx_result["rows"] = np.flatnonzero(keep).tolist()
    result["txhousing"] = tx_result

    with open(os.path.join(HERE, "hgb_reference.json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
        f.write("\n")
    for k, v in result.items():
        print(k, {m: s for m, s in v.items() if m.startswith("hgb")})


if __name__ == "__main__":
    main()
