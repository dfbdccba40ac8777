import pickle

from flask import request


def restore_pair():
    upload = request.files["blob"]  # source
    name, payload = upload.filename, upload.read()
    (stem, ext), data = (name.rsplit(".", 1), payload)
    return stem, ext, pickle.loads(data)  # sink: severity=critical
# expect-flow: 7-8-9-10
