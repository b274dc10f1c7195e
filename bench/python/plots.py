"""Reference timings for the "plots" benchmark: matplotlib (Agg, DejaVu Sans) rendering the same charts to PNG.

Writes every input (float64, C order) under --out so that Augur draws exactly the same data, then prints one JSON
line with, for each chart, the median seconds of --repeats renders (figure built and saved to PNG in memory).
"""
import argparse
import io
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--points", type=int, required=True)
parser.add_argument("--shap-rows", type=int, required=True)
parser.add_argument("--out", required=True)
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()

import matplotlib  # noqa: E402

matplotlib.use("Agg")
matplotlib.rcParams["font.family"] = "DejaVu Sans"
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import roc_curve, roc_auc_score  # noqa: E402

os.makedirs(args.out, exist_ok=True)
rng = np.random.RandomState(0)
n = args.points
y_true = 10 + 5 * rng.randn(n)
y_pred = 0.9 * y_true + 1 + rng.randn(n)
labels = rng.randint(0, 2, n)
scores = labels * 0.8 + rng.randn(n)
features = 20
shap = rng.randn(args.shap_rows, features) * np.linspace(2, 0.1, features)
values = rng.randn(args.shap_rows, features)
cm = rng.randint(0, 500, (10, 10)).astype(np.float64)
for name, arr in [("y_true", y_true), ("y_pred", y_pred), ("labels", labels.astype(np.float64)), ("scores", scores),
                  ("shap", shap), ("values", values), ("cm", cm)]:
    np.ascontiguousarray(arr, dtype=np.float64).tofile(os.path.join(args.out, name + ".f64"))


def render(build):
    times = []
    size = 0
    for _ in range(args.repeats):
        start = time.perf_counter()
        fig = build()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        plt.close(fig)
        times.append(time.perf_counter() - start)
        size = buf.tell()
    times.sort()
    return {"seconds": times[len(times) // 2], "bytes": size}


def scatter():
    fig, ax = plt.subplots(figsize=(7.2, 6.6))
    ax.scatter(y_true, y_pred, s=4, alpha=0.35)
    lo, hi = min(y_true.min(), y_pred.min()), max(y_true.max(), y_pred.max())
    ax.plot([lo, hi], [lo, hi], "--", color="grey")
    ax.set_title("Predicted vs actual")
    ax.set_xlabel("Actual value")
    ax.set_ylabel("Predicted value")
    return fig


def roc():
    fpr, tpr, _ = roc_curve(labels, scores)
    fig, ax = plt.subplots(figsize=(7.2, 6.4))
    ax.plot(fpr, tpr, label=f"AUC = {roc_auc_score(labels, scores):.3f}")
    ax.plot([0, 1], [0, 1], "--", color="grey")
    ax.legend(loc="lower right")
    ax.set_title("ROC curve")
    return fig


def beeswarm():
    order = np.argsort(-np.abs(shap).mean(axis=0))
    fig, ax = plt.subplots(figsize=(9, 7.4))
    for row, j in enumerate(order):
        ys = row + rng.uniform(-0.35, 0.35, size=shap.shape[0])
        ax.scatter(shap[:, j], ys, c=values[:, j], cmap="coolwarm", s=6)
    ax.set_yticks(range(features))
    ax.set_title("SHAP summary")
    return fig


def confusion():
    fig, ax = plt.subplots(figsize=(8, 6.8))
    im = ax.imshow(cm, cmap="Blues")
    fig.colorbar(im)
    for i in range(10):
        for j in range(10):
            ax.text(j, i, f"{int(cm[i, j])}", ha="center", va="center")
    ax.set_title("Confusion matrix")
    return fig


result = {
    "scatter": render(scatter),
    "roc": render(roc),
    "shap_summary": render(beeswarm),
    "confusion_matrix": render(confusion),
    "matplotlib": matplotlib.__version__,
}
print(json.dumps(result))
