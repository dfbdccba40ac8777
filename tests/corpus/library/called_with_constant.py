# threat-models: library
# A public function is the library's API even where the package calls it itself: its own call passes a
# trusted path, its users may pass any.
import os

import torch

DEFAULT_WEIGHTS = os.path.join(os.path.dirname(__file__), "weights", "tiny.pt")


def load_weights(path):  # source
    return torch.load(path)  # sink: severity=low -- the package's own call passes a trusted path; its users' may not


def build_default_model(model):
    model.load_state_dict(load_weights(DEFAULT_WEIGHTS))
    return model
