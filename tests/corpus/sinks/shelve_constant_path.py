import shelve

from flask import Flask, request

app = Flask(__name__)


@app.get("/counters")
def counters():
    key = request.args.get("key", "hits")
    with shelve.open("/var/lib/app/counters.db") as db:  # ok -- the path is a constant
        return {key: db.get(key, 0)}
