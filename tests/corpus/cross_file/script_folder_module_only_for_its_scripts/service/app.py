from flask import Flask, jsonify, request

import codec  # the codec distribution from PyPI, not devtools/scripts/codec.py

app = Flask(__name__)


@app.route("/snapshots", methods=["POST"])
def upload_snapshot():
    snapshot = codec.decode(request.get_data())
    return jsonify(id=snapshot["id"])
