import joblib
from huggingface_hub import hf_hub_download


def load_sklearn_model(repo_id: str, filename: str = "sklearn_model.joblib"):
    model_path = hf_hub_download(repo_id=repo_id, filename=filename)  # source
    return joblib.load(model_path)  # sink: severity=high threat_model=download
# expect-flow: 6-7
