import ruamel.yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/layouts")
def import_layout():
    text = request.get_data(as_text=True)  # source[a]
    return ruamel.yaml.load(text)  # sink[a]: severity=critical -- ruamel < 0.18 falls back to its UnsafeLoader


@app.post("/layouts/legacy")
def import_legacy_layout():
    text = request.get_data(as_text=True)  # source[b]
    return ruamel.yaml.unsafe_load(text)  # sink[b]: severity=critical


@app.post("/layouts/check")
def check_layout():
    return ruamel.yaml.load(request.get_data(as_text=True), Loader=ruamel.yaml.SafeLoader)  # ok -- SafeLoader
