import codecs
import pickle

from flask import request


def from_hex():
    token = request.args["t"]  # source[hex]
    blob = codecs.decode(token, "hex")
    return pickle.loads(blob)  # sink[hex]: severity=critical


def from_base64():
    token = request.args["t"].encode()  # source[b64]
    blob = codecs.decode(token, "base64")
    return pickle.loads(blob)  # sink[b64]: severity=critical
# expect-flow[hex]: 8-9-10
# expect-flow[b64]: 14-15-16
