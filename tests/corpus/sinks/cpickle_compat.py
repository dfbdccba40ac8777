try:
    import cPickle as pickle
except ImportError:
    import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/legacy/state", methods=["POST"])
def legacy_state():
    data = request.form["state"]  # source
    state = pickle.loads(data.encode("latin-1"))  # sink: severity=critical
    return str(state)
# expect-flow: 13-14
