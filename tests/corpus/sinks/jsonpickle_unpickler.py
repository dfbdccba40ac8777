from flask import Flask, request
from jsonpickle.unpickler import Unpickler

app = Flask(__name__)


@app.post("/widgets")
def restore_widget():
    state = request.get_json()  # source
    widget = Unpickler().restore(state)  # sink: severity=critical
    return {"widget": repr(widget)}
# expect-flow: 9-10
