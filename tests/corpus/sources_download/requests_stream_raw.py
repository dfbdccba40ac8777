import joblib
import requests

MODEL_URL = "https://models.example.org/churn/latest.joblib"


def fetch_model():
    with requests.get(MODEL_URL, stream=True, timeout=60) as resp:  # source
        resp.raise_for_status()
        model = joblib.load(resp.raw)  # sink: severity=high
    return model
# expect-flow: 8-10
