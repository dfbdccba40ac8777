import pickle

import requests
from flask import Flask, request

app = Flask(__name__)
DEFAULTS = pickle.dumps({"theme": "light"})


def load_prefs(blob):
    return pickle.loads(blob)  # sink[web]: severity=critical sink[dl]: severity=high


@app.post("/prefs")
def upload_prefs():
    return load_prefs(request.get_data())  # source[web]


def sync_prefs(url):
    remote = requests.get(url).content  # source[dl]
    return load_prefs(remote)


def default_prefs():
    return load_prefs(DEFAULTS)
