"""Every base64 decoder of the catalog labels its step (decodestring: Python < 3.9)."""
import base64
import binascii
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/b64decode")
def restore_b64decode():
    raw = request.get_data()  # source[b64decode]
    blob = base64.b64decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[b64decode]: severity=critical


@app.post("/standard-b64decode")
def restore_standard_b64decode():
    raw = request.get_data()  # source[standard-b64decode]
    blob = base64.standard_b64decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[standard-b64decode]: severity=critical


@app.post("/urlsafe-b64decode")
def restore_urlsafe_b64decode():
    raw = request.get_data()  # source[urlsafe-b64decode]
    blob = base64.urlsafe_b64decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[urlsafe-b64decode]: severity=critical


@app.post("/decodebytes")
def restore_decodebytes():
    raw = request.get_data()  # source[decodebytes]
    blob = base64.decodebytes(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[decodebytes]: severity=critical


@app.post("/decodestring")
def restore_decodestring():
    raw = request.get_data()  # source[decodestring]
    blob = base64.decodestring(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[decodestring]: severity=critical


@app.post("/b32decode")
def restore_b32decode():
    raw = request.get_data()  # source[b32decode]
    blob = base64.b32decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[b32decode]: severity=critical


@app.post("/b32hexdecode")
def restore_b32hexdecode():
    raw = request.get_data()  # source[b32hexdecode]
    blob = base64.b32hexdecode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[b32hexdecode]: severity=critical


@app.post("/b16decode")
def restore_b16decode():
    raw = request.get_data()  # source[b16decode]
    blob = base64.b16decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[b16decode]: severity=critical


@app.post("/b85decode")
def restore_b85decode():
    raw = request.get_data()  # source[b85decode]
    blob = base64.b85decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[b85decode]: severity=critical


@app.post("/a85decode")
def restore_a85decode():
    raw = request.get_data()  # source[a85decode]
    blob = base64.a85decode(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[a85decode]: severity=critical


@app.post("/a2b-base64")
def restore_a2b_base64():
    raw = request.get_data()  # source[a2b-base64]
    blob = binascii.a2b_base64(raw)  # step: base64-decoded
    return pickle.loads(blob)  # sink[a2b-base64]: severity=critical
