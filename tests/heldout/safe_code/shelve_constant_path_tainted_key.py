# A shelve database the program owns, opened from a constant path; the request only picks the key.
import shelve

from flask import Flask, abort, request

app = Flask(__name__)
DB_PATH = "/var/lib/reports/rendered"


@app.get("/reports")
def report():
    key = request.args.get("id", "")
    with shelve.open(DB_PATH, flag="r") as db:  # ok -- constant path, the program's own data
        if key not in db:
            abort(404)
        return {"report": db[key]}
