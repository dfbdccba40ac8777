import io

import numpy as np
from flask import current_app, request


def upload_matrix():
    data = io.BytesIO(request.get_data())  # source
    allow = current_app.config.get("ALLOW_OBJECT_ARRAYS", False)
    matrix = np.load(data, allow_pickle=allow)  # sink: severity=critical
    return {"shape": matrix.shape}
# expect-flow: 8-10
