from flask import Flask, request

from serializers import JsonCodec, PickleCodec
from store import restore, restore_with

app = Flask(__name__)


@app.post("/objects")
def objects():
    return restore(PickleCodec(), request.get_data())  # source[a]


@app.post("/configs")
def configs():
    return restore(JsonCodec(), request.get_data())


@app.post("/sessions")
def sessions():
    return restore_with(PickleCodec, request.cookies["session"])  # source[c]


@app.post("/settings")
def settings():
    return restore_with(JsonCodec, request.cookies["settings"])
