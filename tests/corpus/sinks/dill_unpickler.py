import io

import dill
from flask import Flask, request

app = Flask(__name__)


@app.post("/pipelines")
def submit_pipeline():
    pipeline = dill.Unpickler(io.BytesIO(request.get_data())).load()  # source sink: severity=critical
    return {"steps": len(pipeline)}


@app.get("/pipelines/default")
def default_pipeline():
    with open("/srv/app/default_pipeline.pkl", "rb") as fh:
        pipeline = dill.Unpickler(fh).load()  # ok -- the program's own file
    return {"steps": len(pipeline)}
