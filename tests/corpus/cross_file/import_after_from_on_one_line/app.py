from flask import Flask, jsonify, request; import codec  # noqa: E702 -- one line, two imports

app = Flask(__name__)


@app.route("/snapshots", methods=["POST"])
def upload_snapshot():
    snapshot = codec.decode(request.get_data())  # source
    return jsonify(id=snapshot["id"])
