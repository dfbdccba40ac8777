import pickle

from flask import request


def restore():
    value = request.form["v"]  # source
    text = str(value)
    raw = bytes(text, "latin-1")
    return pickle.loads(raw)  # sink: severity=critical
# expect-flow: 7-8-9-10
