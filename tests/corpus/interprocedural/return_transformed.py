import pickle
import zlib

from flask import request


def unpack(blob):
    return zlib.decompress(blob)


def restore():
    body = request.get_data()  # source
    state = unpack(body)
    return pickle.loads(state)  # sink: severity=critical
# expect-flow: 12-13-7-8-13-14
