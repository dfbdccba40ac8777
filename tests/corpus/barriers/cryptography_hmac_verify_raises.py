import pickle

from cryptography.hazmat.primitives import hashes, hmac
from flask import Flask, request

app = Flask(__name__)
SECRET = b"replace-me"


@app.post("/jobs/resume")
def resume_job():
    blob = request.get_data()
    mac = hmac.HMAC(SECRET, hashes.SHA256())
    mac.update(blob)
    mac.verify(bytes.fromhex(request.headers.get("X-Signature", "")))
    return {"job": pickle.loads(blob)["id"]}  # ok -- verify() raises InvalidSignature unless the MAC matches
# xfail: a call that raises unless the data is authentic (cryptography's HMAC.verify) is not taken as a check
