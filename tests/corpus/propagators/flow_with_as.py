import io
import pickle

from flask import request


def import_bundle():
    upload = request.files["bundle"]  # source
    with io.BytesIO(upload.read()) as buffer:
        state = pickle.load(buffer)  # sink: severity=critical
    return state
# expect-flow: 8-9-10
