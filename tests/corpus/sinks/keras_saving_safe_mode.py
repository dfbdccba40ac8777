import keras
from huggingface_hub import hf_hub_download


def load_ranker(repo_id: str):
    model_file = hf_hub_download(repo_id, "ranker.keras")  # source
    return keras.saving.load_model(model_file, safe_mode=False)  # sink: severity=high


def load_checked_ranker(repo_id: str):
    model_file = hf_hub_download(repo_id, "ranker.keras")
    return keras.saving.load_model(model_file)  # ok -- safe_mode defaults to True
# expect-flow: 6-7
