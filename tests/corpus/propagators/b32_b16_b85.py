import base64
import pickle

from flask import request


def from_b32():
    field = request.form["b32"]  # source[b32]
    return pickle.loads(base64.b32decode(field))  # sink[b32]: severity=critical


def from_b16():
    field = request.form["b16"]  # source[b16]
    return pickle.loads(base64.b16decode(field.upper()))  # sink[b16]: severity=critical


def from_b85():
    blob = base64.b85decode(request.form["b85"])  # source[b85]
    return pickle.loads(blob)  # sink[b85]: severity=critical
# expect-flow[b32]: 8-9
# expect-flow[b16]: 13-14
# expect-flow[b85]: 18-19
