import json
import pickle

from flask import Flask, request

app = Flask(__name__)

DEFAULTS = pickle.dumps({"retries": 3})


class JsonSerializer:
    def deserialize(self, blob):
        return json.loads(blob)


class PickleSerializer:
    def deserialize(self, blob):
        return pickle.loads(blob)  # ok -- callers pass it only the program's own constant


def load(serializer, blob):
    return serializer.deserialize(blob)


@app.post("/events")
def submit_event():
    return load(JsonSerializer(), request.get_data())


def defaults():
    return load(PickleSerializer(), DEFAULTS)
