import gzip
import io
import pickle

from flask import request


def upload_gz():
    payload = request.files["archive"].read()  # source
    with gzip.GzipFile(fileobj=io.BytesIO(payload)) as gz:
        return pickle.load(gz)  # sink: severity=critical
# expect-flow: 9-10-11
