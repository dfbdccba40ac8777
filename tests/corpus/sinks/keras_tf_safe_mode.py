import tensorflow as tf
from huggingface_hub import hf_hub_download


def load_two(repo_id: str):
    path = hf_hub_download(repo_id, "model.keras")  # source
    checked = tf.keras.models.load_model(path)  # ok -- safe_mode defaults to True
    trusted = tf.keras.models.load_model(path, safe_mode=False)  # sink: severity=high
    return checked, trusted
