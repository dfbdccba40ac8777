import pickle

from flask import request

PRESETS = {
    "small": pickle.dumps({"layers": 2}),
    "large": pickle.dumps({"layers": 24}),
}


def preset():
    name = request.args.get("preset", "small")
    blob = PRESETS.get(name, PRESETS["small"])
    return pickle.loads(blob)  # ok -- the value comes from the program's own table
