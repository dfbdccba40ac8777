from flask import Flask, jsonify, request

from codec import decode_snapshot

app = Flask(__name__)


@app.route("/snapshots", methods=["POST"])
def upload_snapshot():
    blob = request.get_data()  # source
    snapshot = decode_snapshot(blob)
    return jsonify(id=snapshot["id"])
