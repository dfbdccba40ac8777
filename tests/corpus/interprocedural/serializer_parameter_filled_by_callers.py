import json
import pickle

from flask import Flask, request

app = Flask(__name__)


class JsonSerializer:
    def deserialize(self, blob):
        return json.loads(blob)


class PickleSerializer:
    def deserialize(self, blob):
        return pickle.loads(blob)  # sink: severity=critical


def load(serializer, blob):
    return serializer.deserialize(blob)


@app.post("/jobs")
def submit_job():
    return load(PickleSerializer(), request.get_data())  # source


@app.post("/events")
def submit_event():
    return load(JsonSerializer(), request.get_data())
