# scikit-learn models published on the Hub: a loader class whose default filename argument names the
# joblib artifact to fetch and load.
import joblib
from huggingface_hub import hf_hub_download


class HubEstimatorLoader:
    def __init__(self, cache_dir=None, token=None):
        self.cache_dir = cache_dir
        self.token = token

    def fetch(self, repo_id, filename="sklearn_model.joblib"):
        return hf_hub_download(repo_id=repo_id, filename=filename, cache_dir=self.cache_dir, token=self.token)  # source

    def load(self, repo_id, **kwargs):
        path = self.fetch(repo_id, **kwargs)
        return joblib.load(path)  # sink: severity=high threat_model=download


def predict_churn(rows):
    model = HubEstimatorLoader().load("acme/churn-classifier")
    return model.predict(rows)
# expect-flow: 13-16-17
