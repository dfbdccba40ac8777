import pickle

from flask import Flask, request

app = Flask(__name__)

BLANK = pickle.dumps({})


class Checkpoint:
    def __init__(self, state=None, name=""):
        self.state = state
        self.name = name

    @classmethod
    def blank(cls, name):
        init_kwargs = {"state": BLANK}
        return cls(name=name, **init_kwargs)

    def restore(self):
        return pickle.loads(self.state)  # ok -- only the program's own constant is stored in state


@app.post("/checkpoints/<name>")
def create(name):
    return {"keys": sorted(Checkpoint.blank(name).restore())}
