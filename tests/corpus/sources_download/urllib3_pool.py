import pickle

import urllib3

http = urllib3.PoolManager()


def fetch_state(url):
    response = http.request("GET", url)  # source
    return pickle.loads(response.data)  # sink: severity=high
# expect-flow: 9-10
