"""What the program serializes itself is safe to deserialize again, whatever data went in."""
import json
import marshal
import pickle

import cloudpickle
import dill
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.get("/pickle")
def by_pickle():
    doc = request.get_json()
    return pickle.loads(pickle.dumps(doc))  # ok -- a copy the program pickled itself


@app.get("/dill")
def by_dill():
    doc = request.get_json()
    return dill.loads(dill.dumps(doc))  # ok


@app.get("/cloudpickle")
def by_cloudpickle():
    doc = request.get_json()
    return cloudpickle.loads(cloudpickle.dumps(doc))  # ok


@app.get("/marshal")
def by_marshal():
    doc = request.get_json()
    return marshal.loads(marshal.dumps(doc))  # ok


@app.get("/yaml-dump")
def by_yaml_dump():
    doc = request.get_json()
    return yaml.load(yaml.dump(doc), Loader=yaml.Loader)  # ok -- plain data dumped by the program


@app.get("/yaml-safe-dump")
def by_yaml_safe_dump():
    doc = request.get_json()
    return yaml.load(yaml.safe_dump(doc), Loader=yaml.Loader)  # ok


@app.get("/json-dumps")
def by_json_dumps():
    doc = request.get_json()
    return yaml.load(json.dumps(doc), Loader=yaml.Loader)  # ok -- JSON the program wrote


@app.get("/as-sent")
def by_as_sent():
    doc = request.get_json()  # source
    return yaml.load(doc['config'], Loader=yaml.Loader)  # sink: severity=critical -- the client's own text
