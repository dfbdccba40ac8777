import os
import shelve

from flask import Flask, request

app = Flask(__name__)
PROFILES = "/var/lib/app/profiles"


@app.get("/profiles/view")
def view_profile():
    name = request.args["name"]  # source
    db_path = os.path.join(PROFILES, name)
    with shelve.open(db_path, flag="r") as db:  # sink: severity=critical
        return dict(db)
# expect-flow: 12-13-14
