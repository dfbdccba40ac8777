# CVE-2024-34072 (aws/sagemaker-python-sdk < 2.218.0): NumpyDeserializer defaulted to
# allow_pickle=True, so an endpoint answering with a crafted .npy ran code in the client.
import io
import json

import numpy as np
import requests


class NumpyDeserializer:
    ACCEPT = ("application/x-npy",)

    def __init__(self, dtype=None, allow_pickle=True):
        self.dtype = dtype
        self.allow_pickle = allow_pickle

    def deserialize(self, stream, content_type):
        if content_type == "application/json":
            return np.array(json.loads(stream.read()), dtype=self.dtype)
        return np.load(io.BytesIO(stream.read()), allow_pickle=self.allow_pickle)  # sink: severity=high


class Predictor:
    def __init__(self, endpoint_url: str):
        self.endpoint_url = endpoint_url
        self.deserializer = NumpyDeserializer()

    def predict(self, features):
        resp = requests.post(self.endpoint_url, json={"instances": features}, stream=True, timeout=30)  # source
        return self.deserializer.deserialize(resp.raw, resp.headers.get("Content-Type"))
# expect-flow: 29-30-17-20
