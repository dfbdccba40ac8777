import pickle

from flask import request


def import_files():
    files = request.files  # source
    upload = files.get("state")
    content = upload.read()
    return pickle.loads(content)  # sink: severity=critical
# expect-flow: 7-8-9-10
