from flask import Flask, request

import service.steps as steps
from service.codec import restore

go = steps.step  # a `go` found early: an alias of a function that reaches the sink

app = Flask(__name__)


@app.post("/a")
def view_a():
    go(request.get_data())  # source[a]
    return {"ok": True}


def warm_up():
    return restore(b"\x80\x04N.")
