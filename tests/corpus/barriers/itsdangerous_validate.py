import base64
import pickle

from flask import Flask, abort, request
from itsdangerous import Signer, TimestampSigner

app = Flask(__name__)
signer = Signer("secret-key")
timed = TimestampSigner("secret-key")


@app.get("/prefs")
def load_prefs():
    token = request.cookies["prefs"].encode()
    if not signer.validate(token):
        abort(403)
    return pickle.loads(base64.b64decode(token.rsplit(b".", 1)[0]))  # ok -- validate() checked the signature


@app.get("/draft")
def load_draft():
    token = request.cookies["draft"].encode()
    if timed.validate(token, max_age=600):
        return pickle.loads(base64.b64decode(token.split(b".")[0]))  # ok -- TimestampSigner.validate()
    abort(403)


@app.get("/prefs/unchecked")
def load_prefs_unchecked():
    token = request.cookies["prefs"].encode()  # source
    valid = signer.validate(token)
    return pickle.loads(base64.b64decode(token.rsplit(b".", 1)[0]))  # sink: severity=critical -- valid is unused
