import base64

import yaml

__all__ = ["extract_document", "load_manifest"]


def extract_document(event):
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    return body


def load_manifest(text):
    return yaml.unsafe_load(text)  # sink: severity=critical
