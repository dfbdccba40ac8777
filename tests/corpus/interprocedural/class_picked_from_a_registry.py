import json
import pickle

from flask import Flask, request

app = Flask(__name__)


class JsonSerde:
    def loads(self, body):
        return json.loads(body)


class PickleSerde:
    def loads(self, body):
        return pickle.loads(body)  # sink: severity=critical


SERDES = {"application/json": JsonSerde, "application/x-python-pickle": PickleSerde}


@app.post("/objects")
def create():
    serde = SERDES[request.headers["Content-Type"]]()
    return serde.loads(request.get_data())  # source


@app.post("/objects/legacy")
def create_legacy():
    serde_class = SERDES.get(request.args.get("format", "application/json"), JsonSerde)
    return {"ok": bool(serde_class().loads(request.data))}  # source
