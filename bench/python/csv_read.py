"""pandas.read_csv reference for the `csv` benchmark.

usage: csv_read.py time PATH REPEATS   -> {"median_s", "times_s", "rows", "columns", "pandas"}
       csv_read.py memory PATH         -> {"peak_mb", "baseline_mb", "rows", "columns"}
Memory is measured in its own process: the peak resident set after importing pandas (baseline) and after one read
(peak). On Linux this is VmHWM from /proc/self/status: ru_maxrss would also count the parent process's resident set,
which Linux carries over through fork and exec.
"""
import json
import resource
import sys
import time

import pandas as pd


def maxrss_mb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "memory":
        baseline = maxrss_mb()
        df = pd.read_csv(path)
        print(json.dumps({"peak_mb": maxrss_mb(), "baseline_mb": baseline, "rows": len(df), "columns": len(df.columns)}))
        return
    repeats = int(sys.argv[3])
    df = pd.read_csv(path)  # warm-up (file cache, imports)
    times = []
    for _ in range(repeats):
        del df
        start = time.perf_counter()
        df = pd.read_csv(path)
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"median_s": times[len(times) // 2], "times_s": times, "rows": len(df), "columns": len(df.columns), "pandas": pd.__version__}))


if __name__ == "__main__":
    main()
