import pickle

from flask import request


def handle():
    raw = request.get_data()  # source

    def materialize():
        return pickle.loads(raw)  # sink: severity=critical

    return materialize()
