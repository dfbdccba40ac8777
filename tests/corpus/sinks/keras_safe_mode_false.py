import keras
from huggingface_hub import hf_hub_download


def load_classifier(repo_id: str):
    model_file = hf_hub_download(repo_id, "classifier.keras")  # source
    return keras.models.load_model(model_file, safe_mode=False)  # sink: severity=high
# expect-flow: 6-7
