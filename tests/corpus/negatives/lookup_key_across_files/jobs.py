import pickle

from models import Job, redis_client

client = redis_client()


def job_state(job_id):
    job = Job.query.filter_by(id=job_id).first()
    return pickle.loads(job.state)  # ok -- the request picks which row, not what it holds


def jobs_of(owner):
    return [pickle.loads(job.state) for job in Job.objects.filter(owner=owner)]  # ok -- criteria pick the rows


def result_of(job_id, fallback):
    cached = client.hget("results", job_id) or fallback
    return pickle.loads(cached)  # sink: severity=critical -- the fallback is the request's body
