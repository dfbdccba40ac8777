from . import jobs


def dispatch(kind, payload):
    if kind == "job":
        return jobs.run_job(payload)
    raise ValueError(kind)
