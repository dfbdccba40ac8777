import io

import torch
from flask import request


def upload_weights(model):
    raw = request.files["weights"].read()
    model.load_state_dict(torch.load(io.BytesIO(raw), weights_only=True))  # ok
    return model


def upload_full_model():
    raw = request.files["model"].read()  # source
    return torch.load(io.BytesIO(raw))  # sink: severity=critical
