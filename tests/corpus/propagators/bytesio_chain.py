import io

import joblib
from flask import request


def load_uploaded():
    data = request.files["model"].read()  # source
    buffer = io.BytesIO(data)
    buffer.seek(0)
    return joblib.load(buffer)  # sink: severity=critical
# expect-flow: 8-9-11
