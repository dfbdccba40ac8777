import base64
import pickle

from flask import Flask, request


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/restore", methods=["POST"])
    def restore():
        encoded = request.json.get("state")  # source
        state = pickle.loads(base64.b64decode(encoded))  # sink: severity=critical
        return {"restored": len(state)}

    return app
# expect-flow: 13-14
