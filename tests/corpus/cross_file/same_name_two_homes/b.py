from flask import Flask, request

from service.steps import step2


def go(value):  # another `go`, found to reach the sink a round after the first was searched for
    return step2(value=value)


app = Flask(__name__)


@app.post("/b")
def view_b():
    go(request.get_data())  # source[b]
    return {"ok": True}
