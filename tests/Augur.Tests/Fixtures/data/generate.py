"""Reference values for the data-layer tests (run with /usr/bin/python3: pandas 1.5, scikit-learn 1.2.1).

Writes JSON files next to this script:
  describe.json      pandas DataFrame.describe for txhousing.csv and iris.csv (plus missing counts)
  value_counts.json  pandas Series.value_counts for a few columns
  split.json         class counts of scikit-learn's stratified train_test_split for iris and wine, and
                     train/test sizes of the plain split
"""
import json
import math
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def num(v):
    v = float(v)
    return None if math.isnan(v) else v


def describe(file):
    df = pd.read_csv(os.path.join(DATA, file))
    out = {}
    for name in df.columns:
        s = df[name]
        entry = {"count": int(s.count()), "missing": int(s.isna().sum())}
        if pd.api.types.is_numeric_dtype(s):
            d = s.describe()
            for key in ["mean", "std", "min", "25%", "50%", "75%", "max"]:
                entry[key] = num(d[key])
        else:
            counts = s.value_counts()
            freq = int(counts.iloc[0])
            entry["unique"] = int(s.nunique())
            entry["freq"] = freq
            entry["top_candidates"] = sorted(str(v) for v in counts.index[counts == freq])
        out[name] = entry
    return out


def value_counts(file, column, normalize=False, dropna=True):
    df = pd.read_csv(os.path.join(DATA, file))
    vc = df[column].value_counts(normalize=normalize, dropna=dropna)
    return {
        "file": file,
        "column": column,
        "normalize": normalize,
        "dropna": dropna,
        "values": [None if (isinstance(v, float) and math.isnan(v)) else (v if isinstance(v, str) else float(v)) for v in vc.index],
        "counts": [float(c) for c in vc.values],
    }


def approximate_mode_is_deterministic(class_counts, n_draws):
    """True when the largest-remainder allocation needs no random tie-break."""
    continuous = class_counts / class_counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    if need == 0:
        return True
    remainder = continuous - floored
    for value in np.sort(np.unique(remainder))[::-1]:
        tied = int((remainder == value).sum())
        if need < tied:
            return False
        need -= tied
        if need == 0:
            return True
    return True


def splits(file, target, sizes):
    df = pd.read_csv(os.path.join(DATA, file))
    y = df[target].to_numpy()
    X = df.drop(columns=[target]).to_numpy()
    classes, codes = np.unique(y, return_inverse=True)
    counts = np.bincount(codes)
    cases = []
    for size in sizes:
        X_train, X_test, y_train, y_test = train_test_split(X, codes, test_size=size, stratify=codes, random_state=0)
        n_train = len(y_train)
        cases.append({
            "test_size": size,
            "n_train": n_train,
            "n_test": len(y_test),
            "train_counts": np.bincount(y_train, minlength=len(classes)).tolist(),
            "test_counts": np.bincount(y_test, minlength=len(classes)).tolist(),
            "deterministic": bool(approximate_mode_is_deterministic(counts, n_train)),
        })
        plain = train_test_split(X, test_size=size, random_state=0)
        assert len(plain[0]) == n_train and len(plain[1]) == len(y_test)
    return {"file": file, "target": target, "classes": [str(c) for c in classes], "class_counts": counts.tolist(), "cases": cases}


def main():
    meta = {"pandas": pd.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__}
    with open(os.path.join(HERE, "describe.json"), "w") as f:
        json.dump({"versions": meta, "txhousing.csv": describe("txhousing.csv"), "iris.csv": describe("iris.csv")}, f, indent=1)
    with open(os.path.join(HERE, "value_counts.json"), "w") as f:
        json.dump({"versions": meta, "cases": [
            value_counts("txhousing.csv", "year"),
            value_counts("txhousing.csv", "city", normalize=True),
            value_counts("txhousing.csv", "inventory", dropna=False),
            value_counts("wine.csv", "target", normalize=True),
        ]}, f, indent=1)
    sizes = [0.1, 0.2, 0.25, 0.3, 0.33, 0.5, 0.75, 0.9, 3, 17, 45, 100]
    with open(os.path.join(HERE, "split.json"), "w") as f:
        json.dump({"versions": meta, "datasets": [
            splits("iris.csv", "species", sizes),
            splits("wine.csv", "target", sizes),
            splits("breast_cancer.csv", "diagnosis", sizes),
        ]}, f, indent=1)


if __name__ == "__main__":
    main()
