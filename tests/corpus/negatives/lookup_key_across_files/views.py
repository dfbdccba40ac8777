from flask import Flask, request

from jobs import job_state, jobs_of, result_of

app = Flask(__name__)


@app.get("/job")
def show_job():
    return job_state(request.args["id"])


@app.get("/jobs")
def list_jobs():
    return jobs_of(request.args["owner"])


@app.get("/result")
def show_result():
    body = request.get_data()  # source
    return result_of(request.args["id"], body)
