import pickle

from flask import Flask, request

app = Flask(__name__)


def load_step(blob, depth):
    if depth:
        return load_nested(blob, depth - 1)
    return pickle.loads(blob)  # sink[steps]: severity=critical


def load_nested(blob, depth):
    inner = load_step(blob, depth)
    return [inner]


def unwrap(blob, depth):
    if depth:
        return unwrap(blob[1:], depth - 1)
    return blob


@app.post("/steps")
def steps():
    blob = request.get_data()  # source[steps]
    return {"count": len(load_nested(blob, 3))}


@app.post("/unwrap")
def unwrapped():
    data = unwrap(request.get_data(), 2)  # source[unwrap]
    return {"kind": type(pickle.loads(data)).__name__}  # sink[unwrap]: severity=critical
# Recursion: the witness is the shortest path (a summary no longer grows the cycle's steps at every pass).
# expect-flow[steps]: 27-28-14-15-8-11
# expect-flow[unwrap]: 33-19-22-33-34
