import io

import numpy as np
import requests


def fetch_array(url):
    content = requests.get(url).content  # source
    return np.load(io.BytesIO(content), allow_pickle=True)  # sink: severity=high
# expect-flow: 8-9
