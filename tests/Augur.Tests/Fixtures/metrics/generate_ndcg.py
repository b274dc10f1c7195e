"""Reference values for Augur's RankingMetrics (DCG / NDCG) from scikit-learn 1.2.1.

Run with Debian's Python: /usr/bin/python3 generate_ndcg.py  (writes ndcg.json next to this script)
"""
import json
import os

import numpy as np
from sklearn.metrics import dcg_score, ndcg_score

rng = np.random.RandomState(0)
cases = []
for n, ties, k in [(5, False, None), (8, True, None), (8, True, 3), (10, False, 5), (12, True, 1), (6, True, 10)]:
    y_true = rng.randint(0, 4, size=n).astype(float)
    y_score = rng.randint(0, 3, size=n).astype(float) if ties else rng.rand(n)
    case = {"y_true": y_true.tolist(), "y_score": y_score.tolist(), "k": k}
    for ignore in (False, True):
        case[f"dcg_{ignore}"] = float(dcg_score([y_true], [y_score], k=k, ignore_ties=ignore))
        case[f"ndcg_{ignore}"] = float(ndcg_score([y_true], [y_score], k=k, ignore_ties=ignore))
    cases.append(case)

# Several queries of equal size: scikit-learn averages per-query scores, as Augur does per group.
queries_true = rng.randint(0, 5, size=(4, 7)).astype(float)
queries_score = rng.randint(0, 4, size=(4, 7)).astype(float)
grouped = {
    "y_true": queries_true.ravel().tolist(),
    "y_score": queries_score.ravel().tolist(),
    "group": np.repeat(np.arange(4), 7).tolist(),
    "ndcg": float(ndcg_score(queries_true, queries_score)),
    "ndcg_at_3": float(ndcg_score(queries_true, queries_score, k=3)),
    "dcg": float(dcg_score(queries_true, queries_score)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ndcg.json"), "w") as f:
    json.dump({"cases": cases, "grouped": grouped}, f, indent=1)
