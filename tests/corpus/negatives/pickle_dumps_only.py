import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/export")
def export():
    payload = request.get_json()
    blob = pickle.dumps(payload)  # ok -- serializing is not deserializing
    text = yaml.dump(payload)  # ok
    return {"size": len(blob) + len(text)}
