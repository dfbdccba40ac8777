import hashlib
import hmac
import pickle

from flask import Flask, abort, request

app = Flask(__name__)
SECRET = b"replace-me"


def signature_matches(blob: bytes) -> bool:
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("X-Signature", ""))


@app.post("/jobs/or")
def resume_or_debug():
    blob = request.get_data()  # source[or]
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if hmac.compare_digest(expected, request.headers.get("X-Signature", "")) or request.args.get("debug"):
        return pickle.loads(blob)  # sink[or]: severity=critical -- ?debug=1 skips the check
    abort(403)


@app.post("/jobs/debug-first")
def resume_debug_first():
    blob = request.get_data()  # source[debug-first]
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if request.args.get("debug") or hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
        return pickle.loads(blob)  # sink[debug-first]: severity=critical
    abort(403)


@app.post("/jobs/not-or")
def resume_not_or():
    blob = request.get_data()  # source[not-or]
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not (hmac.compare_digest(expected, request.headers.get("X-Signature", "")) or request.args.get("debug")):
        abort(403)
    return pickle.loads(blob)  # sink[not-or]: severity=critical


@app.post("/jobs/and-not")
def resume_and_not():
    blob = request.get_data()  # source[and-not]
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")) and not request.args.get("debug"):
        abort(403)
    return pickle.loads(blob)  # sink[and-not]: severity=critical -- De Morgan of the same hole


@app.post("/jobs/helper-or")
def resume_helper_or():
    blob = request.get_data()  # source[helper-or]
    if signature_matches(blob) or request.args.get("debug"):
        return pickle.loads(blob)  # sink[helper-or]: severity=critical
    abort(403)


@app.post("/jobs/and")
def resume_and_dry_run():
    blob = request.get_data()
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if hmac.compare_digest(expected, request.headers.get("X-Signature", "")) and not request.args.get("dry_run"):
        return pickle.loads(blob)  # ok -- both must hold
    abort(403)


@app.post("/jobs/not-or-banned")
def resume_unless_banned():
    blob = request.get_data()
    expected = hmac.new(SECRET, blob, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")) or request.args.get("banned"):
        abort(403)
    return pickle.loads(blob)  # ok -- reached only with a valid MAC
