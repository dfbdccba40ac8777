import pickle

from flask import request


def load_named():
    fname = request.form["file"]  # source
    return pickle.load(open(fname, "rb"))  # sink: severity=critical
# expect-flow: 7-8
