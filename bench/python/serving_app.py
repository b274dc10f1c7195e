"""The Flask + scikit-learn reference server for the serving benchmark, run under gunicorn.

It answers the same Open Inference Protocol request Augur answers (one 2-D FP64 tensor of one row) with the same outputs
(the predicted label and the class probabilities). The model comes from the pickle named by SERVING_MODEL.
"""
import os
import pickle

import numpy as np
from flask import Flask, jsonify, request

app = Flask(__name__)
with open(os.environ["SERVING_MODEL"], "rb") as f:
    MODEL = pickle.load(f)
NAME = os.environ.get("SERVING_NAME", "model")


@app.get("/v2/health/ready")
def ready():
    return jsonify({"ready": True})


@app.post("/v2/models/<name>/infer")
def infer(name):
    body = request.get_json(force=True)
    tensor = body["inputs"][0]
    x = np.asarray(tensor["data"], dtype=np.float64).reshape(tensor["shape"])
    proba = MODEL.predict_proba(x)
    labels = MODEL.classes_[proba.argmax(axis=1)]
    return jsonify({
        "model_name": name,
        "model_version": "1",
        "outputs": [
            {"name": "predictions", "datatype": "INT64", "shape": [len(labels)], "data": labels.tolist()},
            {"name": "probabilities", "datatype": "FP64", "shape": list(proba.shape), "data": proba.ravel().tolist()},
        ],
    })
