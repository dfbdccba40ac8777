import json

from flask import Flask, request

app = Flask(__name__)


@app.post("/settings")
def settings():
    data = json.loads(request.get_data())  # ok -- JSON builds only plain data
    other = json.load(request.stream)  # ok
    return {"theme": data.get("theme"), "n": len(other)}
