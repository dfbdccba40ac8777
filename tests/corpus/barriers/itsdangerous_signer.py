import pickle

from flask import request
from itsdangerous import BadSignature, TimestampSigner

signer = TimestampSigner("another-secret")


def restore_draft():
    cookie = request.cookies["draft"].encode()
    try:
        raw = signer.unsign(cookie, max_age=3600)
    except BadSignature:
        return None
    return pickle.loads(raw)  # ok -- unsign() checked the signature


def restore_draft_unchecked():
    cookie = request.cookies["draft"].encode()  # source
    raw = cookie.rsplit(b".", 2)[0]
    return pickle.loads(raw)  # sink: severity=critical
# expect-flow: 19-20-21
