from flask import Flask, request

from blobs import load_blob

app = Flask(__name__)


@app.route("/blobs", methods=["POST"])
def upload_view():
    return repr(load_blob(request.get_data()))  # source
