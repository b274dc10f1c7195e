"""scikit-learn reference for the tfidf benchmark: times TfidfVectorizer.fit_transform on the corpus Augur wrote.

usage: tfidf.py CORPUS_FILE CONFIG REPEATS   (prints one JSON line)
"""
import hashlib
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer

path, config, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, encoding="utf-8") as f:
    docs = [line.rstrip("\n").replace("\\n", "\n") for line in f]
options = {"default": {}, "bigrams": {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "max_features": 100000}}[config]


def run():
    v = TfidfVectorizer(**options)
    return v, v.fit_transform(docs)


v, X = run()  # warm-up
times = []
for _ in range(repeats):
    start = time.perf_counter()
    run()
    times.append(time.perf_counter() - start)
times.sort()
vocabulary_sha256 = hashlib.sha256("\n".join(v.get_feature_names_out()).encode("utf-8")).hexdigest()
print(json.dumps({"seconds": times[len(times) // 2], "terms": len(v.vocabulary_), "nnz": int(X.nnz), "documents": len(docs),
                  "vocabulary_sha256": vocabulary_sha256}))
