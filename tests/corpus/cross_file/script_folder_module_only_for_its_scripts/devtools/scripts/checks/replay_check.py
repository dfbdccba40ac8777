# Below the script folder: run from there with the folder on the path (pytest's rootdir conftest, say).
from flask import Flask, request

from codec import decode

app = Flask(__name__)


@app.post("/check")
def check():
    return {"ok": decode(request.get_data()) is not None}  # source[check]
