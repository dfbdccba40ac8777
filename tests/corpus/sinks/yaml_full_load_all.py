import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/manifests")
def import_manifests():
    documents = list(yaml.full_load_all(request.get_data()))  # source sink: severity=critical
    return {"count": len(documents)}


@app.post("/manifests/check")
def check_manifests():
    documents = list(yaml.safe_load_all(request.get_data()))  # ok -- safe_load_all
    return {"count": len(documents)}
