import json
import pickle


def decode(body: bytes, fmt: str):
    if fmt == "json":
        return json.loads(body)  # ok
    if fmt == "pickle":
        return pickle.loads(body)  # sink: severity=critical
    raise ValueError(f"unknown format {fmt}")
# expect-flow: worker/transport.py:11-worker/transport.py:12-worker/main.py:9-worker/main.py:10-worker/codec.py:5-worker/codec.py:9
