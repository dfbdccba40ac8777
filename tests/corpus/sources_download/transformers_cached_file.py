import torch
from transformers.utils import cached_file


def load_training_args(model_id: str):
    resolved = cached_file(model_id, "training_args.bin")  # source
    if resolved is None:
        return None
    return torch.load(resolved)  # sink: severity=high
# expect-flow: 6-9
