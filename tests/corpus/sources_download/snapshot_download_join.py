import os

import torch
from huggingface_hub import snapshot_download


def load_adapter(repo: str):
    folder = snapshot_download(repo_id=repo, allow_patterns=["*.bin", "*.json"])  # source
    weights_path = os.path.join(folder, "adapter_model.bin")
    return torch.load(weights_path, map_location="cpu")  # sink: severity=high
# expect-flow: 8-9-10
