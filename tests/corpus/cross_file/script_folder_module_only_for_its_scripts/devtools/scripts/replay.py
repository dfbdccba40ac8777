from flask import Flask, request

import codec

app = Flask(__name__)


@app.post("/replay")
def replay():
    return {"kind": type(codec.decode(request.get_data())).__name__}  # source[script]
