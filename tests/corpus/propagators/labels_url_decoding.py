"""URL decoders keep the taint and label their step."""
import base64
import pickle
import urllib.parse

from flask import Flask, request

app = Flask(__name__)


@app.post("/unquote")
def restore_unquote():
    quoted = request.cookies["state"]  # source[unquote]
    state = urllib.parse.unquote(quoted)  # step: url-decoded
    return pickle.loads(base64.b64decode(state))  # sink[unquote]: severity=critical


@app.post("/unquote-plus")
def restore_unquote_plus():
    quoted = request.cookies["state"]  # source[unquote-plus]
    state = urllib.parse.unquote_plus(quoted)  # step: url-decoded
    return pickle.loads(base64.b64decode(state))  # sink[unquote-plus]: severity=critical


@app.post("/unquote-to-bytes")
def restore_unquote_to_bytes():
    quoted = request.cookies["state"]  # source[unquote-to-bytes]
    blob = urllib.parse.unquote_to_bytes(quoted)  # step: url-decoded
    return pickle.loads(blob)  # sink[unquote-to-bytes]: severity=critical
