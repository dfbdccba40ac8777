import pickle

from flask import request


class Job:
    def __init__(self, blob):
        self.blob = blob

    def run(self):
        task = pickle.loads(self.blob)  # sink: severity=critical
        return task()


def submit():
    job = Job(request.get_data())  # source
    return job.run()
