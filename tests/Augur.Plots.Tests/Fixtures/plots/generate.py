"""Reference values for Augur.Plots: scikit-learn 1.2.1's calibration_curve.

Run with /usr/bin/python3 (Debian's python3-sklearn); writes calibration.json next to this file.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve

assert sklearn.__version__.startswith("1.2"), sklearn.__version__

rng = np.random.RandomState(0)
cases = []
for name, n in [("small", 40), ("medium", 500)]:
    y_prob = rng.beta(2.0, 3.0, size=n)
    y_true = (rng.uniform(size=n) < y_prob ** 0.8).astype(int)
    for strategy in ["uniform", "quantile"]:
        for n_bins in [3, 5, 10]:
            prob_true, prob_pred = calibration_curve(y_true, y_prob, n_bins=n_bins, strategy=strategy)
            cases.append({
                "name": f"{name}-{strategy}-{n_bins}",
                "y_true": y_true.tolist(),
                "y_prob": y_prob.tolist(),
                "n_bins": n_bins,
                "strategy": strategy,
                "prob_true": prob_true.tolist(),
                "prob_pred": prob_pred.tolist(),
            })

# Probabilities exactly on bin edges, and a bin left empty.
y_prob = np.array([0.0, 0.2, 0.2, 0.4, 0.4, 0.6, 0.8, 1.0, 1.0, 0.95])
y_true = np.array([0, 0, 1, 0, 1, 1, 1, 1, 0, 1])
for strategy in ["uniform", "quantile"]:
    prob_true, prob_pred = calibration_curve(y_true, y_prob, n_bins=5, strategy=strategy)
    cases.append({
        "name": f"edges-{strategy}", "y_true": y_true.tolist(), "y_prob": y_prob.tolist(), "n_bins": 5,
        "strategy": strategy, "prob_true": prob_true.tolist(), "prob_pred": prob_pred.tolist(),
    })

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "calibration.json"), "w") as f:
    json.dump({"cases": cases}, f)
