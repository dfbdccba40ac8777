import hashlib
import hmac
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SIGNING_KEY = b"k3y"


def signature_ok(payload: bytes, signature: str) -> bool:
    expected = hmac.new(SIGNING_KEY, payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


@app.post("/import")
def import_payload():
    payload = request.get_data()
    if not signature_ok(payload, request.headers.get("X-Sig", "")):
        abort(401)
    return {"obj": repr(pickle.loads(payload))}  # ok -- verified by signature_ok()
