import base64
import pickle

from flask import request


def restore_many():
    raw_items = request.get_json()["items"]  # source
    decoded = [base64.b64decode(item) for item in raw_items]
    return {i: pickle.loads(d) for i, d in enumerate(decoded)}  # sink: severity=critical
# expect-flow: 8-9-10
