from pathlib import Path

import joblib
import torch

CACHE_DIR = Path.home() / ".cache" / "mytool"
MODEL_FILE = CACHE_DIR / "model.joblib"
WEIGHTS = Path(__file__).with_name("weights.pt")


def load_cached_model():
    return joblib.load(MODEL_FILE)  # ok


def load_bundled_weights():
    return torch.load(WEIGHTS)  # ok
