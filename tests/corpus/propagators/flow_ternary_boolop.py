import pickle

from flask import request

EMPTY = pickle.dumps({})


def restore():
    data = request.get_data() or EMPTY  # source
    blob = data if data else EMPTY
    return pickle.loads(blob)  # sink: severity=critical
# expect-flow: 9-10-11
