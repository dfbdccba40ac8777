from pathlib import Path

import torch
from flask import request

CKPT_ROOT = Path("/models")


def load_ckpt():
    rel = request.json["checkpoint"]  # source
    ckpt_path = CKPT_ROOT / rel
    return torch.load(ckpt_path)  # sink: severity=critical
# expect-flow: 10-11-12
