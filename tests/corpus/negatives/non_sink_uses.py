import hashlib
import logging
import pickle

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)
TEMPLATES = {"basic": pickle.dumps({"fields": []})}


@app.post("/upload")
def upload():
    body = request.get_data()
    digest = hashlib.sha256(body).hexdigest()
    log.info("received %d bytes (%s)", len(body), digest)
    with open(f"/tmp/{digest}.bin", "wb") as fh:
        fh.write(body)
    template = pickle.loads(TEMPLATES["basic"])  # ok -- the tainted body never reaches it
    return {"digest": digest, "fields": template["fields"]}
