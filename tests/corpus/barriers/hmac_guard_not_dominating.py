import hashlib
import hmac
import logging
import pickle

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)
SECRET = b"replace-me"


@app.post("/jobs/resume")
def resume_job():
    blob = request.get_data()  # source
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        log.warning("bad signature on resume request")
    job = pickle.loads(blob)  # sink: severity=critical
    return {"job": job["id"]}
