import pickle

from flask import request


def restore():
    header = request.headers.get("X-Prefix", "").encode()  # source[h]
    body = request.get_data()  # source[b]
    blob = header + body
    return pickle.loads(blob)  # sink[h]: severity=critical sink[b]: severity=critical
# expect-flow[b]: 8-9-10
