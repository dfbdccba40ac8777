from flask import Flask, request
from huggingface_hub import HfApi

from loader import load_run, load_variant

app = Flask(__name__)
api = HfApi()


@app.get("/variant")
def variant():
    name = request.args["name"]
    flags = (api.file_exists("acme/model", name), name.isdigit(), len(name))
    return load_variant(flags)


@app.get("/runs/<int:run>")
def run(run):
    return load_run(run)


@app.get("/named")
def named():
    return load_run(request.args["name"])  # source
