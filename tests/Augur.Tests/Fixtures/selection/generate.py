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


if __name__ == "__main__":
    splitters()
