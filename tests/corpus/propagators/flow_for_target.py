import pickle

from flask import request


def restore_all():
    restored = []
    for blob in request.files.getlist("states"):  # source
        restored.append(pickle.load(blob))  # sink: severity=critical
    return restored
# expect-flow: 8-9
