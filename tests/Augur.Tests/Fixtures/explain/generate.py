"""Reference values for the explainability tests (scikit-learn 1.2.1).

Run with Debian's Python (/usr/bin/python3) from any directory; writes JSON files next to this script.
Models are fitted on whole data sets from data/; the C# tests fit Augur's models the same way.
"""
import json
import os

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.inspection import partial_dependence, permutation_importance
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsRegressor
from sklearn.tree import DecisionTreeRegressor

assert sklearn.__version__ == "1.2.1", sklearn.__version__
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "data")


def load(name, target):
    df = pd.read_csv(os.path.join(DATA, name))
    return df.drop(columns=[target]), df[target]


def pd_case(est, x, features, **kw):
    r = partial_dependence(est, x, features, **kw)
    out = {"features": list(features), "values": [v.tolist() for v in r["values"]]}
    if "average" in r:
        out["average"] = r["average"].reshape(r["average"].shape[0], -1).tolist()
    if "individual" in r:
        ind = r["individual"]
        out["individual"] = ind.reshape(ind.shape[0], ind.shape[1], -1).tolist()
    return out


def write(name, payload):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(payload, f)


def main():
    wx, wy = load("wine.csv", "target")
    dx, dy = load("diabetes.csv", "target")
    bx, by = load("breast_cancer.csv", "diagnosis")

    gnb = GaussianNB().fit(wx, wy)
    gnb_b = GaussianNB().fit(bx, by)
    knn = KNeighborsRegressor(n_neighbors=5).fit(dx, dy)
    pdp = {
        "gnb_wine_alcohol": pd_case(gnb, wx, ["alcohol"], kind="both", grid_resolution=20),
        "gnb_wine_2way": pd_case(gnb, wx, ["alcohol", "magnesium"], kind="average", grid_resolution=8),
        "gnb_wine_default_grid": pd_case(gnb, wx, ["proline"], kind="average"),
        "gnb_breast_radius": pd_case(gnb_b, bx, ["mean radius"], kind="average", grid_resolution=15,
                                     percentiles=(0.1, 0.9)),
        "knn_diabetes_bmi": pd_case(knn, dx, ["bmi"], kind="both", grid_resolution=25),
        "knn_diabetes_sex_categorical": pd_case(knn, dx, ["sex"], kind="average", categorical_features=["sex"]),
    }
    lin = LinearRegression().fit(dx, dy)
    pdp["linear_diabetes_bmi_s5"] = pd_case(lin, dx, ["bmi", "s5"], kind="average", grid_resolution=6)
    logit = LogisticRegression(max_iter=5000).fit((wx - wx.mean()) / wx.std(ddof=0), wy)
    pdp["logistic_wine_std_alcohol"] = pd_case(logit, (wx - wx.mean()) / wx.std(ddof=0), ["alcohol"], kind="both",
                                               grid_resolution=10)
    tree = DecisionTreeRegressor(max_depth=4, random_state=0).fit(dx, dy)
    pdp["tree_diabetes_bmi_recursion"] = pd_case(tree, dx, ["bmi"], method="recursion", grid_resolution=30)
    pdp["tree_diabetes_2way_recursion"] = pd_case(tree, dx, ["bmi", "s5"], method="recursion", grid_resolution=7)
    write("partial_dependence.json", pdp)

    test = np.arange(len(wx)) % 4 == 0  # the C# test uses the same split: test rows are those with i % 4 == 0
    forest = RandomForestClassifier(n_estimators=100, random_state=0).fit(wx[~test], wy[~test])
    r = permutation_importance(forest, wx[test], wy[test], n_repeats=30, random_state=0)
    order = np.argsort(-r.importances_mean)
    write("permutation_importance.json", {
        "features": list(wx.columns),
        "importances_mean": r.importances_mean.tolist(),
        "importances_std": r.importances_std.tolist(),
        "ranking": [wx.columns[i] for i in order],
        "top3": [wx.columns[i] for i in order[:3]],
        "top4": [wx.columns[i] for i in order[:4]],
    })


if __name__ == "__main__":
    main()
