import base64

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/deploy", methods=["POST"])
def deploy():
    manifest_b64 = request.headers["X-Deploy-Manifest"]  # source
    manifest_text = base64.b64decode(manifest_b64).decode("utf-8")
    manifest = yaml.load(manifest_text)  # sink: severity=critical
    return {"services": list(manifest)}
# expect-flow: 11-12-13
