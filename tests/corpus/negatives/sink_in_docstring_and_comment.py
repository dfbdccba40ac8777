"""Never do this:

    obj = pickle.loads(request.data)

Use json instead."""
import json

from flask import request


def restore():
    # legacy: state = pickle.loads(request.data)
    return json.loads(request.data)  # ok
