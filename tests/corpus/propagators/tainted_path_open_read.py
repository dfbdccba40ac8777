import os
import pickle

from flask import request

DATA_DIR = "/var/lib/app/snapshots"


def load_snapshot():
    snapshot_id = request.args.get("id")  # source
    path = os.path.join(DATA_DIR, snapshot_id)
    data = open(path, "rb").read()
    return pickle.loads(data)  # sink: severity=critical
# expect-flow: 10-11-12-13
