import ruamel.yaml
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/specs/pyyaml")
def check_spec():
    text = request.get_data()
    spec = yaml.load(text, Loader=yaml.loader.SafeLoader)  # ok -- SafeLoader under its module's name
    spec = yaml.load(text, Loader=yaml.loader.BaseLoader)  # ok
    spec = yaml.load(text, Loader=yaml.cyaml.CSafeLoader)  # ok
    spec = yaml.load(text, Loader=yaml.cyaml.CBaseLoader)  # ok
    spec = yaml.load(text, Loader=yaml.CBaseLoader)  # ok
    return {"keys": sorted(spec)}


@app.post("/specs/ruamel")
def check_ruamel_spec():
    text = request.get_data()
    spec = ruamel.yaml.load(text, Loader=ruamel.yaml.SafeLoader)  # ok
    spec = ruamel.yaml.load(text, Loader=ruamel.yaml.CSafeLoader)  # ok
    spec = ruamel.yaml.load(text, Loader=ruamel.yaml.BaseLoader)  # ok
    spec = ruamel.yaml.load(text, Loader=ruamel.yaml.CBaseLoader)  # ok
    return {"keys": sorted(spec)}


@app.post("/specs/unsafe")
def import_spec():
    text = request.get_data()  # source
    return yaml.load(text, Loader=yaml.loader.Loader)  # sink: severity=critical -- the same module path, unsafe
