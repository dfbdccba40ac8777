import pickle

from flask import request


def maybe_restore():
    if (raw := request.headers.get("X-State")) is not None:  # source
        return pickle.loads(bytes.fromhex(raw))  # sink: severity=critical
    return None
# expect-flow: 7-8
