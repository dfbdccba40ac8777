import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/report")
def report():
    token = request.args.get("filter", "")  # source
    if len(token) > 4096:
        return "filter too long", 413
    criteria = pickle.loads(bytes.fromhex(token))  # sink: severity=critical
    return {"criteria": repr(criteria)}
# expect-flow: 10-13
