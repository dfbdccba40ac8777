import pickle

from flask import request


def parse_upload():
    upload = request.files["state"]  # source
    return upload.filename, upload.read()


def restore():
    _name, data = parse_upload()
    return pickle.loads(data)  # sink: severity=critical
