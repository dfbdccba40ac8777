import yaml
from flask import Flask, request

app = Flask(__name__)


@app.put("/pipelines/<name>")
def save_pipeline(name):
    spec = yaml.load(request.data, Loader=yaml.Loader)  # source sink: severity=critical
    return {"name": name, "stages": len(spec.get("stages", []))}
