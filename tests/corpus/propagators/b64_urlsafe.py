import base64
import pickle

from flask import request


def restore_filters():
    token = request.args["state"]  # source
    padded = token + "=" * (-len(token) % 4)
    raw = base64.urlsafe_b64decode(padded)
    return pickle.loads(raw)  # sink: severity=critical
# expect-flow: 8-9-10-11
