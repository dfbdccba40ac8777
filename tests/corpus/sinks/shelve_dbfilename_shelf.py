import os
import shelve

from flask import Flask, request

app = Flask(__name__)
STORES = "/var/lib/app/stores"


@app.get("/stores/keys")
def store_keys():
    store = request.args["store"]  # source
    db = shelve.DbfilenameShelf(os.path.join(STORES, store), flag="r")  # sink: severity=critical
    try:
        return sorted(db.keys())
    finally:
        db.close()


@app.get("/stores/defaults")
def default_keys():
    db = shelve.DbfilenameShelf(os.path.join(STORES, "defaults"), flag="r")  # ok -- a constant path
    try:
        return sorted(db.keys())
    finally:
        db.close()
