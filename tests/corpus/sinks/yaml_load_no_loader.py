import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/config")
def update_config():
    cfg = yaml.load(request.get_data())  # source sink: severity=critical
    return {"keys": sorted(cfg)}
