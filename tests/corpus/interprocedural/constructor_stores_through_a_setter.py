# The constructor keeps its parameter through a helper method; the data reaches the field all the same.
import pickle

from flask import Flask, request

app = Flask(__name__)


class Envelope:
    def __init__(self, payload):
        self._keep(payload)

    def _keep(self, payload):
        self.payload = payload

    def open(self):
        return pickle.loads(self.payload)  # sink: severity=critical


@app.post("/envelopes")
def receive():
    return repr(Envelope(request.get_data()).open())  # source
