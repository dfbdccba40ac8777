import pickle
from types import SimpleNamespace

from flask import request


def restore_ctx():
    ctx = SimpleNamespace()
    ctx.payload = request.get_data()  # source
    ctx.version = 3
    return pickle.loads(ctx.payload)  # sink: severity=critical
# expect-flow: 9-11
