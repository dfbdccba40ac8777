import torch
from flask import Flask, request

import store

app = Flask(__name__)


@app.get("/state")
def state():
    return store.load_state(request.args["name"])


@app.post("/model")
def upload_model():
    upload = request.files["model"]  # source
    path = store.keep_upload(upload)
    return torch.load(path)  # sink: severity=critical -- the confined file holds the upload
