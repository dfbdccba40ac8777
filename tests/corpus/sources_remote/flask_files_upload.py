import io

import torch
from flask import Flask, abort, request

app = Flask(__name__)
MODEL_DIR = "/srv/models"


@app.route("/models/upload", methods=["POST"])
def upload_model():
    upload = request.files.get("checkpoint")  # source
    if upload is None or not upload.filename.endswith(".pt"):
        abort(400)
    payload = upload.read()
    state_dict = torch.load(io.BytesIO(payload), map_location="cpu")  # sink: severity=critical
    return {"tensors": len(state_dict)}
# expect-flow: 12-15-16
