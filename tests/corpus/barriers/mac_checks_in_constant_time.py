import hashlib
import hmac
import pickle
import secrets

from flask import Flask, abort, request
from werkzeug.security import safe_str_cmp

app = Flask(__name__)
SECRET = b"replace-me"


@app.post("/jobs/secrets")
def resume_with_secrets():
    blob = request.get_data()
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not secrets.compare_digest(expected, request.headers.get("X-Signature", "")):
        abort(403)
    return {"job": pickle.loads(blob)["id"]}  # ok -- secrets.compare_digest checked the MAC


@app.post("/jobs/werkzeug")
def resume_with_werkzeug():
    blob = request.get_data()
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if safe_str_cmp(expected, request.headers.get("X-Signature", "")):
        return {"job": pickle.loads(blob)["id"]}  # ok -- werkzeug's safe_str_cmp (before Werkzeug 2.1)
    abort(403)


@app.post("/jobs/unchecked")
def resume_unchecked():
    blob = request.get_data()  # source
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    secrets.compare_digest(expected, request.headers.get("X-Signature", ""))
    return {"job": pickle.loads(blob)["id"]}  # sink: severity=critical -- the result is never used
