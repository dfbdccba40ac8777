# Signed job resume: the HMAC result is kept in a flag and the sink sits in the `if sig_ok:` branch,
# the other branch aborts.
import hashlib
import hmac
import pickle

from flask import Flask, abort, current_app, request

app = Flask(__name__)
app.config["JOB_SIGNING_KEY"] = b"change-me"


@app.post("/jobs/<job_id>/resume")
def resume(job_id):
    blob = request.get_data()
    sent = request.headers.get("X-Job-Signature", "")
    digest = hmac.new(current_app.config["JOB_SIGNING_KEY"], blob, hashlib.sha256).hexdigest()
    sig_ok = hmac.compare_digest(digest, sent)
    if sig_ok:
        job = pickle.loads(blob)  # ok -- only reached with a valid signature
    else:
        abort(403)
    return {"job": job_id, "step": job["step"]}
