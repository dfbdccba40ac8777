"""A digest of what the request sends names one of the program's own cache files: it cannot carry a payload."""
import binascii
import hashlib
import hmac
import pickle
import uuid
import zlib

from flask import Flask, request

app = Flask(__name__)
CACHE = "/var/cache/app"
SECRET = b"replace-me"


@app.get("/hashlib-md5")
def by_hashlib_md5():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.md5(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha1")
def by_hashlib_sha1():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha1(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha224")
def by_hashlib_sha224():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha224(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha256")
def by_hashlib_sha256():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha256(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha384")
def by_hashlib_sha384():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha384(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha512")
def by_hashlib_sha512():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha512(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-blake2b")
def by_hashlib_blake2b():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.blake2b(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-blake2s")
def by_hashlib_blake2s():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.blake2s(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha3-256")
def by_hashlib_sha3_256():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha3_256(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-sha3-512")
def by_hashlib_sha3_512():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha3_512(name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hashlib-new")
def by_hashlib_new():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.new('sha256', name.encode()).hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/file-digest")
def by_file_digest():
    upload = request.files["archive"]
    return pickle.load(open(f"{CACHE}/{hashlib.file_digest(upload.stream, 'sha256').hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hmac-new")
def by_hmac_new():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hmac.new(SECRET, name.encode(), 'sha256').hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hmac-hmac")
def by_hmac_hmac():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hmac.HMAC(SECRET, name.encode(), 'sha256').hexdigest()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/hmac-digest")
def by_hmac_digest():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hmac.digest(SECRET, name.encode(), 'sha256').hex()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/crc32")
def by_crc32():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{zlib.crc32(name.encode())}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/adler32")
def by_adler32():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{zlib.adler32(name.encode())}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/binascii-crc32")
def by_binascii_crc32():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{binascii.crc32(name.encode())}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/uuid3")
def by_uuid3():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{uuid.uuid3(uuid.NAMESPACE_URL, name)}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/uuid5")
def by_uuid5():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{uuid.uuid5(uuid.NAMESPACE_URL, name)}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/digest-bytes")
def by_digest_bytes():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hashlib.sha256(name.encode()).digest().hex()}.pkl", "rb"))  # ok -- a digest picks one of the program's own cache files


@app.get("/unhashed")
def by_unhashed():
    name = request.args["name"]  # source
    return pickle.load(open(f"{CACHE}/{name}.pkl", "rb"))  # sink: severity=critical -- the name itself
