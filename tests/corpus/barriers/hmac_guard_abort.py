import hashlib
import hmac
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SECRET = b"replace-me"


@app.post("/jobs/resume")
def resume_job():
    blob = request.get_data()
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        abort(403)
    job = pickle.loads(blob)  # ok -- only bytes signed with the server key get here
    return {"job": job["id"]}
