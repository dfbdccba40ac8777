# threat-models: fixed-download
import torch
from huggingface_hub import hf_hub_download


def pinned_weights():
    path = hf_hub_download("acme/classifier", "pytorch_model.bin")  # source
    return torch.load(path)  # sink: severity=low threat_model=fixed-download


def chosen_weights(repo_id):
    return torch.load(hf_hub_download(repo_id, "pytorch_model.bin"))  # ok -- a download from anywhere: the download threat model's
# expect-flow: 7-8
