import requests


def fetch_model_bytes(url: str) -> bytes:
    resp = requests.get(url, timeout=60)  # source
    resp.raise_for_status()
    return resp.content
