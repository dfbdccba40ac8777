import base64
import pickle

from flask import Flask, make_response, render_template, request

app = Flask(__name__)
DEFAULT_PREFS = {"theme": "light", "lang": "en"}


@app.get("/")
def index():
    cookie = request.cookies.get("prefs")  # source
    prefs = DEFAULT_PREFS
    if cookie:
        prefs = pickle.loads(base64.urlsafe_b64decode(cookie))  # sink: severity=critical
    resp = make_response(render_template("index.html", prefs=prefs))
    return resp
# expect-flow: 12-15
