import io

import numpy as np
import requests
import torch


def fetch(url):
    resp = requests.get(url)
    arr = np.load(io.BytesIO(resp.content))  # ok
    weights = torch.load(io.BytesIO(resp.content), weights_only=True)  # ok
    return arr, weights
