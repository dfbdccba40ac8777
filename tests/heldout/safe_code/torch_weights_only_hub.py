# Hub checkpoint restored with torch.load(weights_only=True), and safetensors for the rest.
import torch
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file


def load_adapter(repo_id: str):
    bin_path = hf_hub_download(repo_id, "adapter_model.bin")
    adapter = torch.load(bin_path, map_location="cpu", weights_only=True)  # ok -- weights_only
    head = load_file(hf_hub_download(repo_id, "head.safetensors"))  # ok -- safetensors is not pickle
    return adapter, head
