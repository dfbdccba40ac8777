import hashlib
import hmac
import pickle

from flask import Flask, request

app = Flask(__name__)
SECRET = b"replace-me"


@app.post("/jobs/resume")
def resume_job():
    blob = request.get_data()  # source
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    job = pickle.loads(blob)  # sink: severity=critical
    return {"job": job["id"], "signed": expected == signature}
# expect-flow: 13-16
