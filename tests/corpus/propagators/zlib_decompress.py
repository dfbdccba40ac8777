import pickle
import zlib

from flask import Flask, request

app = Flask(__name__)


@app.post("/sync")
def sync():
    compressed = request.get_data()  # source
    raw = zlib.decompress(compressed)
    changes = pickle.loads(raw)  # sink: severity=critical
    return {"applied": len(changes)}
# expect-flow: 11-12-13
