import pickle

import yaml
from flask import Flask, request

from deserialguard import guard

app = Flask(__name__)


@app.post("/relay")
def relay():
    envelope = guard.restricted_loads(request.get_data())  # source
    return pickle.loads(envelope["inner"])  # sink: severity=critical -- allowlisted bytes are still the sender's


@app.post("/config")
def import_config():
    state = guard.restricted_loads(request.get_data())  # source[b]
    return yaml.load(state["config"], Loader=yaml.Loader)  # sink[b]: severity=critical


@app.post("/config/checked")
def check_config():
    state = guard.restricted_loads(request.get_data())
    return yaml.safe_load(state["config"])  # ok
