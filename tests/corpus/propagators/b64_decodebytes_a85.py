import base64
import pickle

from flask import request


def legacy():
    data = base64.decodebytes(request.get_data())  # source[a]
    return pickle.loads(data)  # sink[a]: severity=critical


def ascii85():
    data = base64.a85decode(request.get_data())  # source[b]
    return pickle.loads(data)  # sink[b]: severity=critical
