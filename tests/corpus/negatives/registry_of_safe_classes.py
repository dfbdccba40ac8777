import json
import pickle

from flask import Flask, request

app = Flask(__name__)


class JsonSerde:
    def loads(self, body):
        return json.loads(body)


class TextSerde:
    def loads(self, body):
        return body.decode("utf-8")


class CacheSerde:
    """Registered nowhere a request can pick it: reads the program's own file."""

    def loads(self, path):
        with open(path, "rb") as handle:
            return pickle.load(handle)  # ok -- the program's own file, never picked by a request


SERDES = {"application/json": JsonSerde, "text/plain": TextSerde}


@app.post("/objects")
def create():
    return SERDES[request.headers["Content-Type"]]().loads(request.get_data())


def warm_cache():
    return CacheSerde().loads("/var/cache/app/objects.pkl")
