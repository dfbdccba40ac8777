"""JSON parsers keep the taint of what they parse: a field can carry a payload."""
import base64
import io
import json
import pickle

import orjson
import ujson
from flask import Flask, request

app = Flask(__name__)


@app.post("/json-loads")
def restore_json_loads():
    raw = request.get_data()  # source[json-loads]
    doc = json.loads(raw)  # step: parsed as JSON
    return pickle.loads(base64.b64decode(doc["state"]))  # sink[json-loads]: severity=critical


@app.post("/json-load")
def restore_json_load():
    raw = request.get_data()  # source[json-load]
    stream = io.BytesIO(raw)
    doc = json.load(stream)  # step: parsed as JSON
    return pickle.loads(base64.b64decode(doc["state"]))  # sink[json-load]: severity=critical


@app.post("/orjson-loads")
def restore_orjson_loads():
    raw = request.get_data()  # source[orjson-loads]
    doc = orjson.loads(raw)  # step: parsed as JSON
    return pickle.loads(base64.b64decode(doc["state"]))  # sink[orjson-loads]: severity=critical


@app.post("/ujson-loads")
def restore_ujson_loads():
    raw = request.get_data()  # source[ujson-loads]
    doc = ujson.loads(raw)  # step: parsed as JSON
    return pickle.loads(base64.b64decode(doc["state"]))  # sink[ujson-loads]: severity=critical
