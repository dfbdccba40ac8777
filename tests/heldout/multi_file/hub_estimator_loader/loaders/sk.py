import joblib

from .hub import resolve


def load_estimator(repo_id: str, filename: str = "model.joblib"):
    path = resolve(repo_id, filename)
    return joblib.load(path)  # sink: severity=high threat_model=download
# expect-flow: loaders/hub.py:9-loaders/sk.py:7-loaders/sk.py:8
