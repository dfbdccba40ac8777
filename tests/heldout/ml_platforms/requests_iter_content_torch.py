# Checkpoint streamed from an artifact server into an in-memory buffer chunk by chunk, then torch.load().
import io

import requests
import torch

ARTIFACTS = "https://artifacts.example.internal/checkpoints"


def fetch_checkpoint(run_id: str) -> dict:
    buf = io.BytesIO()
    with requests.get(f"{ARTIFACTS}/{run_id}/last.ckpt", stream=True, timeout=120) as resp:  # source
        resp.raise_for_status()
        for chunk in resp.iter_content(chunk_size=1 << 20):
            buf.write(chunk)
    buf.seek(0)
    return torch.load(buf, map_location="cpu")  # sink: severity=high
