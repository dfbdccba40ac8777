# itsdangerous TimestampSigner: the cookie is unsigned (signature and age checked) before unpickling.
import base64
import pickle

from flask import Flask, request
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

app = Flask(__name__)
signer = TimestampSigner("s3cr3t", salt="wizard-state")


@app.get("/wizard")
def wizard():
    token = request.cookies.get("wizard", "")
    try:
        value = signer.unsign(token, max_age=1800)
    except (BadSignature, SignatureExpired):
        return {"step": 0}
    state = pickle.loads(base64.b64decode(value))  # ok -- TimestampSigner verified it
    return {"step": state["step"]}
