"""A file name from the request, confined to a folder the program writes (a bare name, or one joined
under the folder by a function that cannot leave it), names one of the program's own files: what is read
from it is the program's data. Without the confinement, or under a folder the request names, it is not."""
import os
import pickle

import flask
import werkzeug
from flask import Flask, request
from flask.helpers import safe_join as flask_helpers_safe_join
from werkzeug.security import safe_join
from werkzeug.utils import safe_join as utils_safe_join
from werkzeug.utils import secure_filename

app = Flask(__name__)
CACHE = "/var/cache/app"


@app.get("/safe-join")
def by_safe_join():
    name = request.args["name"]
    return [pickle.load(open(safe_join(CACHE, name), "rb")),  # ok -- safe_join cannot leave the folder
            pickle.load(open(utils_safe_join(CACHE, name), "rb")),  # ok -- safe_join cannot leave the folder
            pickle.load(open(flask.safe_join(CACHE, name), "rb")),  # ok -- safe_join cannot leave the folder
            pickle.load(open(flask_helpers_safe_join(CACHE, name), "rb"))]  # ok -- safe_join cannot leave the folder


@app.get("/basename")
def by_basename():
    name = os.path.basename(request.args["name"])
    path = os.path.join(CACHE, name)
    return pickle.load(open(path, "rb"))  # ok -- a bare file name under the program's folder


@app.get("/secure-filename")
def by_secure_filename():
    path = os.path.join(CACHE, secure_filename(request.args["name"]))
    return pickle.load(open(path, "rb"))  # ok -- a bare file name under the program's folder


@app.get("/werkzeug-secure-filename")
def by_werkzeug_secure_filename():
    path = os.path.join(CACHE, werkzeug.secure_filename(request.args["name"]))
    return pickle.load(open(path, "rb"))  # ok -- a bare file name under the program's folder


@app.get("/joined")
def by_join():
    name = request.args["name"]  # source[joined]
    return pickle.load(open(os.path.join(CACHE, name), "rb"))  # sink[joined]: severity=critical -- `../` leaves the folder


@app.get("/folder-from-request")
def by_requested_folder():
    folder = request.args["folder"]  # source[folder]
    return pickle.load(open(safe_join(folder, "state.pkl"), "rb"))  # sink[folder]: severity=critical -- the request names the folder
