import hashlib
import hmac
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SECRET = b"replace-me"


def signature_of(blob: bytes) -> str:
    return hmac.new(SECRET, blob, hashlib.sha256).hexdigest()


@app.post("/jobs/resume")
def resume_job():
    blob = request.get_data()
    if not hmac.compare_digest(signature_of(blob), request.headers.get("X-Signature", "")):
        abort(403)
    return {"job": pickle.loads(blob)["id"]}  # ok -- the MAC of blob, computed by a helper, was checked
# xfail: a digest returned by a project function no longer says whose data it is, so the check protects nothing
