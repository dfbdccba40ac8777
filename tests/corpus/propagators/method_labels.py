import base64
import io
import pathlib
import pickle

import aiohttp
import requests
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/decode")
def restore_decode():
    raw = request.get_data()  # source[decode]
    text = raw.decode("ascii")  # step: decoded to text
    return pickle.loads(base64.b64decode(text))  # sink[decode]: severity=critical


@app.post("/encode")
def restore_encode():
    text = request.form["state"]  # source[encode]
    blob = text.encode("latin-1")  # step: encoded to bytes
    return pickle.loads(blob)  # sink[encode]: severity=critical


@app.post("/read")
def restore_read():
    upload = request.files["state"]  # source[read]
    blob = upload.read()  # step: read
    return pickle.loads(blob)  # sink[read]: severity=critical


@app.post("/readline")
def restore_readline():
    stream = request.stream  # source[readline]
    line = stream.readline()  # step: read
    return pickle.loads(base64.b64decode(line))  # sink[readline]: severity=critical


@app.post("/readlines")
def restore_readlines():
    stream = request.stream  # source[readlines]
    lines = stream.readlines()  # step: read
    return [pickle.loads(base64.b64decode(line)) for line in lines]  # sink[readlines]: severity=critical


@app.post("/getvalue")
def restore_getvalue():
    buffer = io.BytesIO(request.get_data())  # source[getvalue]
    blob = buffer.getvalue()  # step: read
    return pickle.loads(blob)  # sink[getvalue]: severity=critical


@app.post("/read-bytes")
def restore_read_bytes():
    path = pathlib.Path(request.args["path"])  # source[read-bytes]
    blob = path.read_bytes()  # step: read
    return pickle.loads(blob)  # sink[read-bytes]: severity=critical


@app.post("/read-text")
def restore_read_text():
    path = pathlib.Path(request.args["path"])  # source[read-text]
    text = path.read_text()  # step: read
    return yaml.load(text, Loader=yaml.Loader)  # sink[read-text]: severity=critical


@app.post("/strip")
def restore_strip():
    state = request.form["state"].strip()  # source[strip] step: the form field state
    return pickle.loads(base64.b64decode(state))  # sink[strip]: severity=critical


@app.post("/lstrip")
def restore_lstrip():
    state = request.form["state"].lstrip()  # source[lstrip] step: the form field state
    return pickle.loads(base64.b64decode(state))  # sink[lstrip]: severity=critical


@app.post("/rstrip")
def restore_rstrip():
    state = request.form["state"].rstrip()  # source[rstrip] step: the form field state
    return pickle.loads(base64.b64decode(state))  # sink[rstrip]: severity=critical


@app.post("/copy")
def restore_copy():
    form = request.form.copy()  # source[copy] step: the form field state
    return pickle.loads(base64.b64decode(form["state"]))  # sink[copy]: severity=critical


def fetch_json(url: str):
    response = requests.get(url, timeout=10)  # source[json]
    document = response.json()  # step: parsed as JSON
    return pickle.loads(base64.b64decode(document["state"]))  # sink[json]: severity=high


async def fetch_text(url: str):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:  # source[text]
            text = await response.text()  # step: read
    return pickle.loads(base64.b64decode(text))  # sink[text]: severity=high
