import base64
import json
import pickle

import jwt
from authlib.jose import jwt as authlib_jwt
from django.core.signing import Signer, TimestampSigner
from flask import Flask, request
from jose import jwt as jose_jwt
from nacl.signing import VerifyKey

from deserialguard import guard

app = Flask(__name__)
SECRET = "replace-me"
PEER_KEY = VerifyKey(bytes(32))
KEYS = guard.keys_from_env("SESSION_KEYS")


@app.get("/session/pyjwt")
def session_pyjwt():
    claims = jwt.decode(request.cookies["session"], SECRET, algorithms=["HS256"])
    return pickle.loads(base64.b64decode(claims["state"]))  # ok -- PyJWT verified the signature


@app.get("/session/jose")
def session_jose():
    claims = jose_jwt.decode(request.cookies["session"], SECRET, algorithms=["HS256"])
    return pickle.loads(base64.b64decode(claims["state"]))  # ok -- python-jose verified it


@app.get("/session/authlib")
def session_authlib():
    claims = authlib_jwt.decode(request.cookies["session"], SECRET)
    return pickle.loads(base64.b64decode(claims["state"]))  # ok -- authlib verified it


@app.post("/peer")
def from_peer():
    message = PEER_KEY.verify(request.get_data())
    return pickle.loads(message)  # ok -- signed by the peer's Ed25519 key


@app.get("/session/django")
def session_django():
    value = Signer(salt="session").unsign(request.cookies["session"])
    return pickle.loads(base64.b64decode(value))  # ok -- django.core.signing.Signer.unsign()


@app.get("/session/django-object")
def session_django_object():
    state = TimestampSigner(salt="session").unsign_object(request.cookies["session"], max_age=3600)
    return pickle.loads(base64.b64decode(state["blob"]))  # ok -- unsign_object()


@app.post("/jobs/guard")
def job_guard():
    body = guard.verify(request.get_data(), request.headers.get("X-Signature"), keys=KEYS)
    return pickle.loads(body)  # ok -- guard.verify() returns only signed bytes


@app.post("/jobs/guard-json")
def job_guard_json():
    state = guard.load_signed_json(request.get_data(), request.headers.get("X-Signature"), keys=KEYS)
    return pickle.loads(base64.b64decode(state["blob"]))  # ok -- signed JSON


@app.get("/session/unverified")
def session_unverified():
    token = request.cookies["session"]  # source
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    return pickle.loads(base64.b64decode(claims["state"]))  # sink: severity=critical -- read, never verified
