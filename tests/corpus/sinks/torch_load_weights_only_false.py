import torch
from huggingface_hub import hf_hub_download


def load_full_model(repo):
    ckpt = hf_hub_download(repo, "model.pt")  # source
    return torch.load(ckpt, weights_only=False)  # sink: severity=high
# expect-flow: 6-7
