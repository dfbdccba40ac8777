# threat-models: remote,datastore
# xfail: an ORM model's rows (Flask-SQLAlchemy Model.query, Django managers) are no datastore source yet: no catalog rows, and a model class defined elsewhere is not typed
# The request picks which row: the row's data is a datastore source (medium), never the request's.
import pickle

from flask import Flask, request

from .models import Job

app = Flask(__name__)


@app.get("/job")
def job_state():
    job_id = request.args["id"]
    job = Job.query.filter_by(id=job_id).first()  # source
    return pickle.loads(job.state)  # sink: severity=medium threat_model=datastore
