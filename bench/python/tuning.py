"""Reference for the "tuning" benchmark: Optuna's TPE sampler tuning scikit-learn's HistGradientBoostingClassifier on
breast_cancer, scored by 5-fold stratified cross-validation ROC AUC (folds not shuffled, so they are the same rows as
Augur's StratifiedKFold). The search space mirrors Augur's: learning rate, leaves, rows per leaf, L2 penalty and
iterations. Prints one JSON line: best CV AUC and parameters, wall and process CPU time, time inside cross_val_score
(fit + score) and the rest (Optuna's own overhead).
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
parser.add_argument("--trials", type=int, default=50)
parser.add_argument("--folds", type=int, default=5)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--threads", type=int, required=True)
args = parser.parse_args()

os.environ["OMP_NUM_THREADS"] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import optuna  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_score  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.WARNING)
df = pd.read_csv(args.data)
y = (df["diagnosis"] == "malignant").to_numpy(int)
X = df.drop(columns=["diagnosis"]).to_numpy(float)
cv = StratifiedKFold(args.folds)
inside = [0.0]


def objective(trial):
    model = HistGradientBoostingClassifier(
        learning_rate=trial.suggest_float("learning_rate", 0.01, 0.3, log=True),
        max_leaf_nodes=trial.suggest_int("max_leaf_nodes", 8, 128, log=True),
        min_samples_leaf=trial.suggest_int("min_samples_leaf", 5, 100, log=True),
        l2_regularization=trial.suggest_float("l2_regularization", 1e-8, 10.0, log=True),
        max_iter=trial.suggest_int("max_iter", 50, 400, log=True),
        early_stopping=False,
        random_state=0,
    )
    t = time.perf_counter()
    scores = cross_val_score(model, X, y, cv=cv, scoring="roc_auc")
    inside[0] += time.perf_counter() - t
    return float(np.mean(scores))


# Warm-up outside the timing (imports, OpenMP pools).
cross_val_score(HistGradientBoostingClassifier(max_iter=10), X, y, cv=cv, scoring="roc_auc")
study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=args.seed))
t, c = time.perf_counter(), time.process_time()
study.optimize(objective, n_trials=args.trials)
wall, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({
    "optuna": optuna.__version__,
    "best_auc": study.best_value,
    "best_params": study.best_params,
    "wall_s": wall,
    "cpu_s": cpu,
    "fit_score_s": inside[0],
    "overhead_s": wall - inside[0],
    "trials": len(study.trials),
}))
