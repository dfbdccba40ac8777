import io

import torch


def load_checkpoint(data: bytes):
    buffer = io.BytesIO(data)
    return torch.load(buffer, map_location="cpu")  # sink: severity=critical
