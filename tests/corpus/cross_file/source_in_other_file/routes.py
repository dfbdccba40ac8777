import pickle

from flask import Flask

from helpers import get_payload

app = Flask(__name__)


@app.post("/restore")
def restore():
    obj = pickle.loads(get_payload())  # sink: severity=critical
    return repr(obj)
# expect-flow: helpers.py:5-routes.py:12
