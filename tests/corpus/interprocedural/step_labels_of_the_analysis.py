import io
import types
import pickle

from flask import Flask, request

app = Flask(__name__)


def read_body():
    body = request.get_data()  # source[returned]
    return body  # step: returned


@app.post("/returned")
def restore_returned():
    blob = read_body()  # step: returned from read_body()
    return pickle.loads(blob)  # sink[returned]: severity=critical


def decode(blob):  # step: received as parameter blob of decode()
    return pickle.loads(blob)  # sink[parameter]: severity=critical


@app.post("/parameter")
def restore_parameter():
    raw = request.get_data()  # source[parameter]
    return decode(raw)  # step: passed to decode()


@app.post("/assigned")
def restore_assigned():
    raw = request.get_data()  # source[assigned]
    blob = raw  # step: assigned to blob
    return pickle.loads(blob)  # sink[assigned]: severity=critical


class Job:
    def __init__(self):
        self.blob = b""

    def load(self):
        body = request.get_data()  # source[field]
        self.blob = body  # step: stored in Job.blob

    def run(self):
        return pickle.loads(self.blob)  # sink[field]: severity=critical step: read from Job.blob; deserialized by pickle.loads()


@app.post("/item")
def restore_item():
    body = request.get_data()  # source[item]
    state = {}
    state["blob"] = body  # step: stored in state[...]
    return pickle.loads(state["blob"])  # sink[item]: severity=critical


@app.post("/written")
def restore_written():
    body = request.get_data()  # source[written]
    buffer = io.BytesIO()
    buffer.write(body)  # step: written into buffer
    buffer.seek(0)
    unpickler = pickle.Unpickler(buffer)  # step: passed to pickle.Unpickler()
    return unpickler.load()  # sink[written]: severity=critical step: deserialized by pickle.Unpickler().load()


@app.post("/namespace")
def restore_namespace():
    body = request.get_data()  # source[namespace]
    ctx = types.SimpleNamespace()
    ctx.payload = body  # step: stored in ctx.payload
    return pickle.loads(ctx.payload)  # sink[namespace]: severity=critical


class Envelope:
    def __init__(self, blob):
        self.blob = blob


def open_envelope(envelope: Envelope):
    return pickle.loads(envelope.blob)  # sink[envelope]: severity=critical step: read from .blob; deserialized by pickle.loads()


@app.post("/envelope")
def restore_envelope():
    body = request.get_data()  # source[envelope]
    return open_envelope(Envelope(body))
