# threat-models: library
import os

import torch

DEFAULT_WEIGHTS = os.path.join(os.path.dirname(__file__), "weights", "tiny.pt")


def load_weights(path):
    return torch.load(path)  # ok -- every caller in the scanned code passes a trusted path


def build_default_model(model):
    model.load_state_dict(load_weights(DEFAULT_WEIGHTS))
    return model
