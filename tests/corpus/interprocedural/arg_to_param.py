import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


def decode_snapshot(encoded):
    raw = base64.b64decode(encoded)
    return pickle.loads(raw)  # sink: severity=critical


@app.post("/snapshots")
def upload_snapshot():
    encoded = request.form["snapshot"]  # source
    snap = decode_snapshot(encoded)
    return {"id": snap["id"]}
# expect-flow: 16-17-9-10-11
