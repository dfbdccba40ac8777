# threat-models: remote,local
import os
import pickle

from flask import Flask, request

app = Flask(__name__)
SEED_FILE = os.environ.get("SEED_FILE")  # source[env]


@app.post("/seed")
def seed():
    if request.headers.get("X-Use-Upload"):
        blob = request.get_data()  # source[web]
    else:
        with open(SEED_FILE, "rb") as fh:
            blob = fh.read()
    return {"seed": repr(pickle.loads(blob))}  # sink[web]: severity=critical sink[env]: severity=medium
