# threat-models: remote,datastore
# The request picks which field of the hash is read: what it reads is Redis data (datastore, medium),
# never the request's (remote, critical).
import pickle

import redis
from flask import Flask, request

app = Flask(__name__)
r = redis.Redis()


@app.get("/job")
def job_state():
    job_id = request.args["id"]
    state = r.hget("job-states", job_id)  # source
    return pickle.loads(state)  # sink: severity=medium threat_model=datastore
# expect-flow: 16-17
