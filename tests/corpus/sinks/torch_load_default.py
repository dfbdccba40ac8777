import io

import torch
from flask import request


def restore_optimizer(optimizer):
    blob = request.files["optimizer"].read()  # source
    optimizer.load_state_dict(torch.load(io.BytesIO(blob)))  # sink: severity=critical
    return optimizer
# expect-flow: 8-9
