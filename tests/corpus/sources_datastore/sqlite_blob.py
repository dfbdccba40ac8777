# threat-models: datastore
import pickle
import sqlite3

conn = sqlite3.connect("jobs.db")


def next_job():
    cur = conn.execute("SELECT id, payload FROM jobs WHERE done = 0 ORDER BY id LIMIT 1")
    row = cur.fetchone()  # source
    if row is None:
        return None
    job_id, payload = row
    return job_id, pickle.loads(payload)  # sink: severity=medium
# expect-flow: 10-13-14
