import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/config/check")
def check_config():
    text = request.get_data(as_text=True)
    a = yaml.load(text, Loader=yaml.SafeLoader)  # ok
    b = yaml.load(text, Loader=yaml.CSafeLoader)  # ok
    c = yaml.load(text, Loader=yaml.BaseLoader)  # ok
    d = yaml.safe_load(text)  # ok
    e = list(yaml.safe_load_all(text))  # ok
    f = list(yaml.load_all(text, Loader=yaml.SafeLoader))  # ok
    return {"same": a == b == d, "docs": len(e) + len(f), "raw": c is not None}
