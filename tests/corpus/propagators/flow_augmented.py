import pickle

from flask import request


def reassemble():
    blob = b""
    for part in request.files.getlist("chunk"):  # source
        blob += part.read()
    return pickle.loads(blob)  # sink: severity=critical
# expect-flow: 8-9-10
