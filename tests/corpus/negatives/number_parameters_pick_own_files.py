"""Request parameters the framework converts to a number, a truth value or a UUID before the handler runs
pick one of the program's own files: a tainted integer in a file name does not make the file untrusted."""
import pickle
import uuid

import torch
from fastapi import FastAPI
from flask import Flask

app = Flask(__name__)
api = FastAPI()
MODELS = "/srv/models"


@app.get("/runs/<int:run>")
def run_state(run):
    return pickle.load(open(f"{MODELS}/run-{run}.pkl", "rb"))  # ok -- Flask converted it to an int


@app.get("/thresholds/<float:level>")
def threshold_state(level):
    return pickle.load(open(f"{MODELS}/level-{level}.pkl", "rb"))  # ok -- Flask converted it to a float


@app.get("/jobs/<uuid:job>")
def job_state(job):
    return pickle.load(open(f"{MODELS}/{job}.pkl", "rb"))  # ok -- Flask converted it to a UUID


@api.get("/versions/{version}")
def version_weights(version: int):
    return torch.load(f"{MODELS}/v{version}.pt")  # ok -- FastAPI validated it as an int


@api.get("/scales/{scale}")
def scale_weights(scale: float):
    return torch.load(f"{MODELS}/scale-{scale}.pt")  # ok -- FastAPI validated it as a float


@api.get("/variants")
def variant_weights(quantized: bool):
    return torch.load(f"{MODELS}/quantized-{quantized}.pt")  # ok -- FastAPI validated it as a bool


@api.get("/checkpoints/{checkpoint}")
def checkpoint_weights(checkpoint: uuid.UUID):
    return torch.load(f"{MODELS}/{checkpoint}.pt")  # ok -- FastAPI validated it as a UUID


@api.get("/epochs/{epoch:int}")
def epoch_weights(epoch):
    return torch.load(f"{MODELS}/epoch-{epoch}.pt")  # ok -- the route converter made it an int


@app.get("/named/<name>")
def named_state(name):  # source[flask]
    return pickle.load(open(f"{MODELS}/{name}.pkl", "rb"))  # sink[flask]: severity=critical -- a string names any file


@api.get("/tags/{tag}")
def tag_weights(tag: str):  # source[fastapi]
    return torch.load(f"{MODELS}/{tag}.pt")  # sink[fastapi]: severity=critical -- a string names any file
