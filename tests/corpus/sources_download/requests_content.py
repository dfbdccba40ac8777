import pickle

import requests

FEATURE_STORE = "https://features.internal.example.com"


def load_feature_table(table: str):
    response = requests.get(f"{FEATURE_STORE}/tables/{table}.pkl", timeout=30)  # source
    response.raise_for_status()
    table_bytes = response.content
    return pickle.loads(table_bytes)  # sink: severity=high threat_model=download
# expect-flow: 9-11-12
