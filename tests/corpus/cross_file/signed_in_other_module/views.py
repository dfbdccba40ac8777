import base64
import pickle

from flask import Flask, request

from security import verify_token

app = Flask(__name__)


@app.get("/export/restore")
def restore_export():
    claims = verify_token(request.args["token"])
    return {"export": repr(pickle.loads(base64.b64decode(claims["blob"])))}  # ok -- signed by the server
