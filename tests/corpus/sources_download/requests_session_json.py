import base64
import pickle

import requests


class RemoteCache:
    def __init__(self, base_url: str):
        self.http = requests.Session()
        self.base_url = base_url

    def get(self, key: str):
        reply = self.http.get(f"{self.base_url}/cache/{key}").json()  # source
        encoded = reply["value"]
        return pickle.loads(base64.b64decode(encoded))  # sink: severity=high
# expect-flow: 13-14-15
