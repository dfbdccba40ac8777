import joblib
from flask import request


def load_estimator(*, source, mmap_mode=None):
    return joblib.load(source, mmap_mode=mmap_mode)  # sink: severity=critical


def score():
    est = load_estimator(source=request.files["est"], mmap_mode=None)  # source
    return est.predict([[0.0]])
