import base64

import dill
from flask import Flask, jsonify, request

app = Flask("jobs")


@app.route("/jobs", methods=["POST"])
def submit_job():
    body = request.get_json(force=True)  # source
    encoded_fn = body["callable"]
    fn = dill.loads(base64.b64decode(encoded_fn))  # sink: severity=critical
    return jsonify(result=fn(*body.get("args", [])))
# expect-flow: 11-12-13
