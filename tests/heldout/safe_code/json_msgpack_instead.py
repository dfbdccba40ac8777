# The same endpoint shape as the vulnerable ones, with data-only formats.
import json

import msgpack
from flask import Flask, request

app = Flask(__name__)


@app.post("/events")
def ingest():
    if request.mimetype == "application/msgpack":
        events = msgpack.unpackb(request.get_data(), raw=False, strict_map_key=True)  # ok -- msgpack, no objects
    else:
        events = json.loads(request.get_data(as_text=True))  # ok -- JSON
    return {"accepted": len(events)}
