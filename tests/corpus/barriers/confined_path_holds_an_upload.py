"""A confined file name keeps the program's files apart from each other, not from what the program writes
there: after an upload is saved under it, the file holds the upload."""
import os
import pickle
from pathlib import Path

import torch
from fastapi import FastAPI, UploadFile
from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOADS = "/srv/uploads"


@app.post("/saved")
def saved():
    upload = request.files["model"]  # source[saved]
    path = os.path.join(UPLOADS, secure_filename(upload.filename))
    upload.save(path)
    return torch.load(path)  # sink[saved]: severity=critical


@api.post("/written")
async def written(upload: UploadFile):  # source[written]
    path = os.path.join(UPLOADS, os.path.basename(upload.filename))
    with open(path, "wb") as out:
        out.write(await upload.read())
    return torch.load(path)  # sink[written]: severity=critical


@app.post("/bytes")
def written_bytes():
    path = Path(os.path.join(UPLOADS, secure_filename(request.args["name"])))
    path.write_bytes(request.get_data())  # source[bytes]
    return pickle.loads(path.read_bytes())  # sink[bytes]: severity=critical


@app.post("/text")
def written_text():
    path = Path(os.path.join(UPLOADS, secure_filename(request.args["name"])))
    path.write_text(request.form["doc"])  # source[text]
    return pickle.loads(path.read_bytes())  # sink[text]: severity=critical

