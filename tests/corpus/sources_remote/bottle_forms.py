import base64

import yaml
from bottle import Bottle, request

app = Bottle()


@app.route("/profile/import", method="POST")
def import_profile():
    text = request.forms.get("profile")  # source
    decoded = base64.b64decode(text)
    profile = yaml.unsafe_load(decoded)  # sink: severity=critical
    return {"name": profile["name"]}
# expect-flow: 11-12-13
