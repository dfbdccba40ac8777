"""A key taken from the request picks which stored row, cache entry or table item is read, not what it
holds: the row is the store's data (a datastore source, when that threat model is on), never the
request's. ORM query chains on model classes the scan cannot type, untyped Redis and cache clients."""
import pickle

from flask import Flask, request

from .models import Job, Report, db

app = Flask(__name__)


client = db.redis_client()     # of a type the scan does not know
cache = db.cache_client()


def key_of_request():
    return request.args["key"]


@app.get("/hash-field")
def by_field():
    return pickle.loads(client.hget("jobs", key_of_request()))  # ok -- the key picks a field of the hash


@app.get("/hash-fields")
def by_fields():
    return [pickle.loads(blob) for blob in client.hmget("jobs", key_of_request())]  # ok -- the key picks fields


@app.get("/hash")
def whole_hash():
    return {k: pickle.loads(v) for k, v in client.hgetall(key_of_request()).items()}  # ok -- the key names the hash


@app.get("/values")
def many():
    return [pickle.loads(blob) for blob in client.mget([key_of_request()])]  # ok -- the keys pick the values


@app.get("/item")
def at():
    return pickle.loads(client.lindex(key_of_request(), request.args["at"]))  # ok -- the key and index pick an item


@app.get("/span")
def span():
    return [pickle.loads(blob) for blob in client.lrange(key_of_request(), 0, 9)]  # ok -- the range picks items


@app.get("/ranked")
def ranked():
    return [pickle.loads(blob) for blob in client.zrange(key_of_request(), 0, 9)]  # ok -- the range picks members


@app.get("/members")
def members():
    return [pickle.loads(blob) for blob in client.smembers(key_of_request())]  # ok -- the key names the set


@app.get("/take")
def take():
    return pickle.loads(client.getdel(key_of_request()))  # ok -- the key picks the value


@app.get("/touch")
def touch():
    return pickle.loads(client.getex(key_of_request(), ex=60))  # ok -- the key picks the value


@app.get("/first")
def first():
    return pickle.loads(client.lpop(key_of_request()))  # ok -- the key names the list


@app.get("/last")
def last():
    return pickle.loads(client.rpop(key_of_request()))  # ok -- the key names the list


def cached(key):
    return pickle.loads(cache.get(key))  # ok -- the key picks the entry


@app.get("/cached")
def cached_entry():
    return cached(key_of_request())


@app.get("/cached-many")
def cached_many():
    return [pickle.loads(blob) for blob in cache.get_many([key_of_request()]).values()]  # ok -- the keys pick entries


@app.get("/cached-multi")
def cached_multi():
    return [pickle.loads(blob) for blob in cache.get_multi([key_of_request()]).values()]  # ok -- the keys pick entries


@app.post("/cached-or-given")
def cached_or_given():
    fallback = request.get_data()  # source[default]
    return pickle.loads(cache.get(key_of_request(), fallback))  # sink[default]: severity=critical -- a default is returned as it is


@app.get("/job")
def job_state():
    job_id = request.args["id"]
    job = Job.query.filter_by(id=job_id).first()
    return pickle.loads(job.state)  # ok -- the request picks which row, not what it holds


@app.get("/jobs")
def job_states():
    ids = request.args.getlist("id")
    jobs = Job.query.filter(Job.id.in_(ids)).all()
    return [pickle.loads(job.state) for job in jobs]  # ok -- the request picks the rows


@app.get("/report/<report_id>")
def report(report_id):
    hidden = request.args["hidden"]
    return pickle.loads(Report.objects.exclude(state=hidden).get(pk=report_id).blob)  # ok -- criteria pick the row


@app.get("/report-of")
def report_of():
    owner = request.args["owner"]
    return pickle.loads(Report.objects.filter(owner=owner).first().blob)  # ok -- criteria pick the row


@app.get("/job-or-404/<job_id>")
def job_or_404(job_id):
    return pickle.loads(Job.query.get_or_404(job_id).state)  # ok -- a primary key picks the row


@app.get("/peewee/<job_id>")
def peewee_job(job_id):
    return pickle.loads(Job.get_by_id(job_id).state)  # ok -- a primary key picks the row


@app.get("/peewee-or-none")
def peewee_or_none():
    name = request.args["name"]
    return pickle.loads(Job.get_or_none(name=name).state)  # ok -- criteria pick the row


@app.get("/multidict")
def multidict_item():
    key = request.args["key"]
    return pickle.loads(app.config["BLOBS"].getone(key))  # ok -- the program's own table


@app.get("/multidict-all")
def multidict_items():
    key = request.args["key"]
    return [pickle.loads(blob) for blob in app.config["BLOBS"].getall(key)]  # ok -- the program's own table


@app.get("/document")
def document_field():
    name = request.args["field"]
    doc = request.get_json()  # source[doc]
    blob = doc.get(name)
    return pickle.loads(blob)  # sink[doc]: severity=critical -- the document's data (and only its): the key picks


@app.get("/key-itself")
def key_itself():
    key = request.args["key"]  # source[key]
    cached(key)
    return pickle.loads(key.encode())  # sink[key]: severity=critical -- the key is still the request's data
