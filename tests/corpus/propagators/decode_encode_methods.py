import base64

import yaml
from flask import request


def import_yaml():
    body = request.get_data()  # source
    text = body.decode("utf-8").strip()
    raw = base64.b64decode(text.encode("ascii"))
    return yaml.load(raw, Loader=yaml.Loader)  # sink: severity=critical
# expect-flow: 8-9-10-11
