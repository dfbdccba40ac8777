# Precomputed feature splits fetched from a dataset repository into a dict, then loaded as object arrays.
import numpy as np
from huggingface_hub import hf_hub_download

SPLITS = ("train", "validation")


def load_features(repo_id: str):
    paths = {split: hf_hub_download(repo_id, f"features/{split}.npy", repo_type="dataset") for split in SPLITS}  # source
    train = np.load(paths["train"], allow_pickle=True)  # sink: severity=high
    return train
# expect-flow: 9-10
