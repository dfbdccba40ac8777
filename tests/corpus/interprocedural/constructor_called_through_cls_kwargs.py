import pickle

from flask import Flask, request

app = Flask(__name__)


class Checkpoint:
    def __init__(self, state=None, name="", step=0):
        self.state = state
        self.name = name

    @classmethod
    def from_upload(cls, blob, name):
        init_kwargs = {"state": blob, "name": name}
        return cls(**init_kwargs)

    def restore(self):
        return pickle.loads(self.state)  # sink: severity=critical


@app.post("/checkpoints")
def upload():
    checkpoint = Checkpoint.from_upload(request.get_data(), "upload")  # source
    return {"keys": sorted(checkpoint.restore())}
