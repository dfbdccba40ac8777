from pickle import loads as deserialize

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    raw = request.get_data()  # source
    obj = deserialize(raw)  # sink: severity=critical
    return repr(obj)
# expect-flow: 10-11
