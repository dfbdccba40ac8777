import _pickle

from flask import request


def fast_restore():
    return _pickle.loads(request.get_data())  # source sink: severity=critical
