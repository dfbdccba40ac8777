import io

import numpy as np
from flask import request


def upload_matrix():
    buf = io.BytesIO(request.get_data())
    return np.load(buf, allow_pickle=False)  # ok


def upload_object_matrix():
    buf = io.BytesIO(request.get_data())  # source
    return np.load(buf, allow_pickle=True)  # sink: severity=critical
