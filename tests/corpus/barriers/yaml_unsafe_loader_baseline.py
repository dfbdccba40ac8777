import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/config/check")
def check_config():
    text = request.get_data(as_text=True)  # source
    a = yaml.load(text, Loader=yaml.Loader)  # sink: severity=critical
    return {"keys": sorted(a)}
# expect-flow: 9-10
