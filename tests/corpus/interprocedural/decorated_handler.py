import functools
import pickle

from flask import Flask, request

app = Flask(__name__)


def require_api_key(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.headers.get("X-API-Key") != "expected":
            return {"error": "forbidden"}, 403
        return view(*args, **kwargs)

    return wrapper


@app.post("/jobs")
@require_api_key
def create_job():
    spec = pickle.loads(request.get_data())  # source sink: severity=critical
    return {"job": spec["name"]}
