import io

import torch


class ModelRegistry:
    def __init__(self):
        self._models = {}

    def _load(self, data: bytes):
        return torch.load(io.BytesIO(data), map_location="cpu", weights_only=False)  # sink: severity=critical

    def register(self, name: str, data: bytes) -> dict:
        state = self._load(data)
        self._models[name] = state
        return {"tensors": len(state)}
# expect-flow: app/routers/checkpoints.py:12-app/routers/checkpoints.py:15-app/routers/checkpoints.py:16-app/ml/registry.py:13-app/ml/registry.py:14-app/ml/registry.py:10-app/ml/registry.py:11
