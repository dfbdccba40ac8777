"""Every hex decoder of the catalog labels its step."""
import binascii
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/unhexlify")
def restore_unhexlify():
    raw = request.get_data()  # source[unhexlify]
    blob = binascii.unhexlify(raw)  # step: hex-decoded
    return pickle.loads(blob)  # sink[unhexlify]: severity=critical


@app.post("/a2b-hex")
def restore_a2b_hex():
    raw = request.get_data()  # source[a2b-hex]
    blob = binascii.a2b_hex(raw)  # step: hex-decoded
    return pickle.loads(blob)  # sink[a2b-hex]: severity=critical


@app.post("/bytes-fromhex")
def restore_bytes_fromhex():
    text = request.get_data(as_text=True)  # source[bytes-fromhex]
    blob = bytes.fromhex(text)  # step: hex-decoded
    return pickle.loads(blob)  # sink[bytes-fromhex]: severity=critical


@app.post("/bytearray-fromhex")
def restore_bytearray_fromhex():
    text = request.get_data(as_text=True)  # source[bytearray-fromhex]
    blob = bytearray.fromhex(text)  # step: hex-decoded
    return pickle.loads(blob)  # sink[bytearray-fromhex]: severity=critical
