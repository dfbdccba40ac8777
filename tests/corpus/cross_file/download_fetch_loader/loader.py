import cloudpickle

from fetch import fetch_model_bytes


def load_remote_model(url):
    data = fetch_model_bytes(url)
    return cloudpickle.loads(data)  # sink: severity=high threat_model=download
# expect-flow: fetch.py:5-fetch.py:7-loader.py:7-loader.py:8
