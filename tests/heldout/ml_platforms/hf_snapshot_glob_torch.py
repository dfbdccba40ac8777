# Hub snapshot: every *.bin shard of a repository is loaded with torch.load() and no weights_only
# (the pattern behind the Hugging Face pickle-scanning bypass reports).
from pathlib import Path

import torch
from huggingface_hub import snapshot_download


def load_sharded_state(repo_id: str, revision: str = "main"):
    local_dir = snapshot_download(repo_id, revision=revision, allow_patterns=["*.bin", "*.json"])  # source
    state = {}
    for shard in sorted(Path(local_dir).glob("pytorch_model-*.bin")):
        state.update(torch.load(shard, map_location="cpu"))  # sink: severity=high
    return state
# expect-flow: 10-12-13
