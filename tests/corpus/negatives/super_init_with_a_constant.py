# super().__init__() with data the code itself holds: nothing untrusted reaches the parent's field.
import pickle

from flask import Flask, request

app = Flask(__name__)
DEFAULT_STATE = pickle.dumps({"version": 1})


class State:
    def __init__(self, blob):
        self.blob = blob

    def load(self):
        return pickle.loads(self.blob)  # ok


class DefaultState(State):
    def __init__(self, name):
        super().__init__(DEFAULT_STATE)
        self.name = name


@app.post("/state")
def state():
    return repr(DefaultState(request.get_data()).load())
