# threat-models: library
import torch


def load_checkpoint(path, device="cpu"):  # source
    checkpoint = torch.load(path, map_location=device)  # sink: severity=low
    return checkpoint["model"], checkpoint.get("optimizer")
