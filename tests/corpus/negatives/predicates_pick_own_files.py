"""What a test or a measure of the request returns is a truth value or a number: it picks one of the
program's own files, whether it is kept in a tuple or passed on to another call; it cannot be one."""
import pickle
from pathlib import Path

from flask import Flask, request
from huggingface_hub import HfApi
from sqlalchemy import select

from .models import Job, db, storage

app = Flask(__name__)
CACHE = "/var/cache/app"
api = HfApi()


def cached(flag):
    return pickle.load(open(f"{CACHE}/{flag}.pkl", "rb"))  # ok -- every caller passes a truth value or a number


@app.get("/starts")
def starts():
    name = request.args["name"]
    return cached(name.startswith("v"))  # a truth value passed on to another call


@app.get("/ends")
def ends():
    name = request.args["name"]
    checks = (name.endswith(".pkl"), 1)
    return pickle.load(open(f"{CACHE}/{checks[0]}.pkl", "rb"))  # ok -- a truth value kept in a tuple


@app.get("/kinds")
def kinds():
    name = request.args["name"]
    kind = (name.isdigit(), name.isalpha(), name.isalnum(), name.isnumeric(), name.isdecimal(), name.isspace(),
            name.isascii(), name.isidentifier())
    return pickle.load(open(f"{CACHE}/{kind}.pkl", "rb"))  # ok -- truth values kept in a tuple


@app.get("/sets")
def sets():
    names = set(request.args.getlist("name"))
    known = {"a", "b"}
    return cached((names.issubset(known), names.issuperset(known), names.isdisjoint(known)))  # truth values


@app.get("/sizes")
def sizes():
    body = request.get_data()
    return cached((body.__len__(), request.stream.tell(), request.stream.fileno()))  # numbers


@app.get("/path-tests")
def path_tests():
    path = Path(request.args["name"])
    return cached((path.exists(), path.is_file(), path.is_dir()))  # truth values


@app.get("/fs-tests")
def fs_tests():
    name = request.args["name"]
    return cached((storage.isfile(name), storage.isdir(name), storage.islink(name)))  # truth values


@app.get("/hub-exists")
def hub_exists():
    name = request.args["name"]
    sharded = api.file_exists("acme/model", name)
    return cached(sharded)  # a truth value


@app.get("/has")
def has():
    name = request.args["name"]
    return cached(storage.has_key(name))  # a truth value


@app.get("/sql")
def sql():
    ids = request.args.getlist("id")
    name = request.args["name"]
    conditions = [Job.id.in_(ids), Job.id.not_in(ids), Job.id.notin_(ids), Job.name.like(name),
                  Job.name.ilike(name), Job.size.between(0, name)]
    for condition in conditions:
        job = db.session.execute(select(Job).where(condition)).scalar_one()
        pickle.loads(job.state)  # ok -- the request builds a condition: it picks rows, it is not in them


@app.get("/named")
def named():
    name = request.args["name"]  # source
    return pickle.load(open(f"{CACHE}/{name}.pkl", "rb"))  # sink: severity=critical -- the name itself
