import pickle

from flask import request


def restore_from_dict():
    parts = {"state": request.get_data(), "version": 2}  # source
    queue = [parts]
    first = queue[0]
    return pickle.loads(first["state"])  # sink: severity=critical
# expect-flow: 7-8-9-10
