import pickle

from flask import request

UPLOADS = "/srv/uploads"


def load_upload():
    name = request.args["name"]  # source
    path = f"{UPLOADS}/{name}.pkl"
    with open(path, "rb") as fh:
        return pickle.load(fh)  # sink: severity=critical
# expect-flow: 9-10-11-12
