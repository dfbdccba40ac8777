import gzip
import pickle

import requests


def fetch_index(url):
    resp = requests.get(url)  # source
    index = pickle.loads(gzip.decompress(resp.content))  # sink: severity=high
    return index
# expect-flow: 8-9
