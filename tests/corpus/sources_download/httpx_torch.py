import io

import httpx
import torch


def pull_weights(url: str) -> dict:
    r = httpx.get(url, follow_redirects=True)  # source
    r.raise_for_status()
    weights = torch.load(io.BytesIO(r.content))  # sink: severity=high
    return weights
# expect-flow: 8-10
