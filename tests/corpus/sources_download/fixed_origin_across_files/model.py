import torch

from hub import pinned_weights_path, weights_path


def load_default():
    return torch.load(pinned_weights_path())  # ok -- a fixed repository and file


def load_variant(variant):
    return torch.load(weights_path(f"{variant}.bin"))  # sink: severity=high -- the repository is fixed, the file is not
