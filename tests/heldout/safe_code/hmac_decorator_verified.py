# A decorator verifies the webhook's HMAC and returns 401 before the view ever runs; the view unpickles
# only requests the decorator let through.
import functools
import hashlib
import hmac
import pickle

from flask import Flask, request

app = Flask(__name__)
WEBHOOK_SECRET = b"whsec-2f9c"


def signed_webhook(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        expected = "sha256=" + hmac.new(WEBHOOK_SECRET, request.get_data(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("X-Signature-256", "")):
            return {"error": "bad signature"}, 401
        return view(*args, **kwargs)

    return wrapper


@app.post("/hooks/sync")
@signed_webhook
def sync_hook():
    snapshot = pickle.loads(request.get_data())  # ok -- signed_webhook() checked the HMAC first
    return {"objects": len(snapshot)}
