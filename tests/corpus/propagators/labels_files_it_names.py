"""A file the request names (or a member of an archive it names) taints what is read from it."""
import codecs
import io
import pickle
import tarfile
import zipfile

from flask import Flask, request

app = Flask(__name__)


@app.post("/builtin-open")
def restore_builtin_open():
    name = request.args["name"]  # source[builtin-open]
    fh = open(name, "rb")  # step: read from the file it names
    return pickle.load(fh)  # sink[builtin-open]: severity=critical


@app.post("/io-open")
def restore_io_open():
    name = request.args["name"]  # source[io-open]
    fh = io.open(name, "rb")  # step: read from the file it names
    return pickle.load(fh)  # sink[io-open]: severity=critical


@app.post("/codecs-open")
def restore_codecs_open():
    name = request.args["name"]  # source[codecs-open]
    fh = codecs.open(name, "rb")  # step: read from the file it names
    return pickle.load(fh)  # sink[codecs-open]: severity=critical


@app.post("/tarfile-open")
def restore_tarfile_open():
    name = request.args["name"]  # source[tarfile-open]
    bundle = tarfile.open(name)  # step: read from the file it names
    return pickle.load(bundle.extractfile("model.pkl"))  # sink[tarfile-open]: severity=critical


@app.post("/zipfile-zipfile")
def restore_zipfile_zipfile():
    name = request.args["name"]  # source[zipfile-zipfile]
    bundle = zipfile.ZipFile(name)  # step: read from the file it names
    return pickle.loads(bundle.read("model.pkl"))  # sink[zipfile-zipfile]: severity=critical


@app.post("/zip-member-read")
def restore_zip_member_read():
    name = request.args["name"]  # source[zip-member-read]
    bundle = zipfile.ZipFile("/srv/app/models.zip")
    blob = bundle.read(name)  # step: unpacked from a zip archive
    return pickle.loads(blob)  # sink[zip-member-read]: severity=critical


@app.post("/zip-member-open")
def restore_zip_member_open():
    name = request.args["name"]  # source[zip-member-open]
    bundle = zipfile.ZipFile("/srv/app/models.zip")
    member = bundle.open(name)  # step: unpacked from a zip archive
    return pickle.load(member)  # sink[zip-member-open]: severity=critical
