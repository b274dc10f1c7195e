"""Serving benchmark, Python side: train the scikit-learn twin of an Augur model on the same CSV, serve it with Flask under
gunicorn on loopback, load it with wrk (the same Lua request script Augur gets), and print one JSON line.

usage: serving.py WORKDIR MODEL PORT LUA DURATION CONNECTIONS THREADS
MODEL is logistic (LogisticRegression), gbdt (HistGradientBoostingClassifier, 100 iterations) or gaussian-nb (GaussianNB).
"""
import json
import os
import pickle
import re
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pandas as pd


def train(workdir, kind):
    data = pd.read_csv(os.path.join(workdir, "serving.csv"))
    y = data.pop("label").to_numpy()
    x = data.to_numpy(dtype=np.float64)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        model = LogisticRegression(max_iter=1000)
    elif kind == "gbdt":
        from sklearn.ensemble import HistGradientBoostingClassifier
        model = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
    elif kind == "gaussian-nb":
        from sklearn.naive_bayes import GaussianNB
        model = GaussianNB()
    else:
        raise SystemExit(f"unknown model {kind}")
    model.fit(x, y)
    path = os.path.join(workdir, f"serving_{kind}.pkl")
    with open(path, "wb") as f:
        pickle.dump(model, f)
    return path


def parse_wrk(text):
    def seconds(value, unit):
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]

    lat = dict((p, seconds(v, u)) for p, v, u in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "requests": total, "errors": int(non2xx.group(1)) if non2xx else 0}


def main():
    workdir, kind, port, lua, duration, connections, threads = sys.argv[1:8]
    model_path = train(workdir, kind)
    workers = 2 * os.cpu_count() + 1
    env = dict(os.environ, SERVING_MODEL=model_path, SERVING_NAME=kind, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    here = os.path.dirname(os.path.abspath(__file__))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--chdir", here,
         "--log-level", "warning", "serving_app:app"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/v2/health/ready", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise SystemExit("gunicorn did not start: " + server.stderr.read().decode())
                time.sleep(0.2)
        target = f"{url}/v2/models/{kind}/infer"
        subprocess.run(["wrk", "-t", threads, "-c", connections, "-d", "2s", "-s", lua, target], check=True, capture_output=True)
        out = subprocess.run(["wrk", "-t", threads, "-c", connections, "-d", f"{duration}s", "--latency", "-s", lua, target],
                             check=True, capture_output=True, text=True).stdout
        result = parse_wrk(out)
        result.update({"model": kind, "server": f"flask+gunicorn ({workers} sync workers)"})
        print(json.dumps(result))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
