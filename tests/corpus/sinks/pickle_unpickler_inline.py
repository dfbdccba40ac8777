import io
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/replay", methods=["POST"])
def replay():
    events = pickle.Unpickler(io.BytesIO(request.data)).load()  # source sink: severity=critical
    return {"events": len(events)}
