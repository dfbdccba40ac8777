import pickle

from flask import request


def restore_framed():
    frame = request.get_data()  # source
    body = frame[4:]
    joined = b"".join([body])
    return pickle.loads(joined)  # sink: severity=critical
# expect-flow: 7-8-9-10
