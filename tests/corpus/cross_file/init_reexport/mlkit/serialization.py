import io

import joblib


def save_model(model) -> bytes:
    buf = io.BytesIO()
    joblib.dump(model, buf)
    return buf.getvalue()


def restore_model(data: bytes):
    return joblib.load(io.BytesIO(data))  # sink: severity=critical
