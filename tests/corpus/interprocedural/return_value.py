import pickle

from flask import request


def read_payload():
    return request.get_data()  # source


def restore():
    payload = read_payload()
    return pickle.loads(payload)  # sink: severity=critical
# expect-flow: 7-11-12
