"""Paths built from what the request names stay tainted: the file they name is the attacker's choice."""
import os
import pathlib

import torch
from flask import Flask, request

MODELS = "/srv/app/models"

app = Flask(__name__)


@app.post("/os-path-join")
def restore_os_path_join():
    name = request.args["name"]  # source[os-path-join]
    path = os.path.join(MODELS, name)  # step: joined into a path
    return torch.load(path)  # sink[os-path-join]: severity=critical


@app.post("/pathlib-path")
def restore_pathlib_path():
    name = request.args["name"]  # source[pathlib-path]
    path = pathlib.Path(name)  # step: joined into a path
    return torch.load(path)  # sink[pathlib-path]: severity=critical


@app.post("/pathlib-purepath")
def restore_pathlib_purepath():
    name = request.args["name"]  # source[pathlib-purepath]
    path = pathlib.PurePath(name)  # step: joined into a path
    return torch.load(path)  # sink[pathlib-purepath]: severity=critical


@app.post("/os-path-abspath")
def restore_os_path_abspath():
    name = request.args["name"]  # source[os-path-abspath]
    path = os.path.abspath(name)  # step: joined into a path
    return torch.load(path)  # sink[os-path-abspath]: severity=critical


@app.post("/os-path-realpath")
def restore_os_path_realpath():
    name = request.args["name"]  # source[os-path-realpath]
    path = os.path.realpath(name)  # step: joined into a path
    return torch.load(path)  # sink[os-path-realpath]: severity=critical


@app.post("/os-path-normpath")
def restore_os_path_normpath():
    name = request.args["name"]  # source[os-path-normpath]
    path = os.path.normpath(name)  # step: joined into a path
    return torch.load(path)  # sink[os-path-normpath]: severity=critical


@app.post("/os-path-expanduser")
def restore_os_path_expanduser():
    name = request.args["name"]  # source[os-path-expanduser]
    path = os.path.expanduser(name)  # step: joined into a path
    return torch.load(path)  # sink[os-path-expanduser]: severity=critical
