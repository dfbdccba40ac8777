"""Values derived from the request that cannot carry a payload (numbers, booleans, what the program's own
tables hold) pick which of the program's files is read; only the name itself is a tainted path."""
import os
import pickle
import struct

import yaml
from flask import Flask, request
from werkzeug.datastructures import MultiDict

app = Flask(__name__)
CACHE = "/var/cache/app"
DEFAULT_BLOB = pickle.dumps({})
ORDER = ["small", "medium", "large"]
PENDING = {"small": DEFAULT_BLOB}
SNAPSHOTS = {"small": DEFAULT_BLOB}
BUNDLES = MultiDict([("small", DEFAULT_BLOB)])


@app.get("/len")
def by_len():
    body = request.get_data()
    return pickle.load(open(f"{CACHE}/{len(body)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/float")
def by_float():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{float(doc['ratio'])}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/complex")
def by_complex():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{complex(doc['point']).real}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/round")
def by_round():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{round(doc['ratio'], 1)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/abs")
def by_abs():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{abs(doc['delta'])}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/hash")
def by_hash():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{hash(name) % 64}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/id")
def by_id():
    body = request.get_data()
    return pickle.load(open(f"{CACHE}/{id(body)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/ord")
def by_ord():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{ord(name[:1])}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/int-from-bytes")
def by_int_from_bytes():
    body = request.get_data()
    return pickle.load(open(f"{CACHE}/{int.from_bytes(body[:4], 'big')}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/struct-unpack")
def by_struct_unpack():
    body = request.get_data()
    (shard,) = struct.unpack('>I', body[:4])
    return pickle.load(open(f"{CACHE}/{shard}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/struct-unpack-from")
def by_struct_unpack_from():
    body = request.get_data()
    (shard,) = struct.unpack_from('>I', body)
    return pickle.load(open(f"{CACHE}/{shard}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/struct-calcsize")
def by_struct_calcsize():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{struct.calcsize(name)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/getsize")
def by_getsize():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.path.getsize(name)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/stat")
def by_stat():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.stat(name).st_size}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/type")
def by_type():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{type(doc['value']).__name__}.pkl", "rb"))  # ok -- a type's name picks one of the program's own files


@app.get("/repr")
def by_repr():
    doc = request.get_json()
    shown = repr(doc['value'])
    return yaml.load(shown, Loader=yaml.Loader)  # ok -- the text of repr() is a quoted Python literal


@app.get("/range")
def by_range():
    doc = request.get_json()
    shards = []
    for shard in range(doc['shards']):
        shards.append(pickle.load(open(f"{CACHE}/shard-{shard}.pkl", "rb")))  # ok -- a number picks one of the program's own files
    return shards


@app.get("/bool")
def by_bool():
    body = request.get_data()
    return pickle.load(open(f"{CACHE}/{bool(body)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/isinstance")
def by_isinstance():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{isinstance(doc['value'], str)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/issubclass")
def by_issubclass():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{issubclass(doc['value'].__class__, dict)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/hasattr")
def by_hasattr():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{hasattr(doc['value'], 'keys')}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/callable")
def by_callable():
    doc = request.get_json()
    return pickle.load(open(f"{CACHE}/{callable(doc['value'])}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/exists")
def by_exists():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.path.exists(name)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/isfile")
def by_isfile():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.path.isfile(name)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/isdir")
def by_isdir():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.path.isdir(name)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/islink")
def by_islink():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{os.path.islink(name)}.pkl", "rb"))  # ok -- a boolean picks one of the program's own files


@app.get("/pop")
def by_pop():
    name = request.args["name"]
    return pickle.loads(PENDING.pop(name, DEFAULT_BLOB))  # ok -- the program's own table


@app.get("/setdefault")
def by_setdefault():
    name = request.args["name"]
    return pickle.loads(SNAPSHOTS.setdefault(name, DEFAULT_BLOB))  # ok -- the program's own table


@app.get("/getitem")
def by_getitem():
    name = request.args["name"]
    return pickle.loads(SNAPSHOTS.__getitem__(name))  # ok -- the program's own table


@app.get("/getlist")
def by_getlist():
    name = request.args["name"]
    return [pickle.loads(blob) for blob in BUNDLES.getlist(name)]  # ok -- the program's own table


@app.get("/index")
def by_index():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{ORDER.index(name)}.pkl", "rb"))  # ok -- the position in the program's own list


@app.get("/count")
def by_count():
    name = request.args["name"]
    return pickle.load(open(f"{CACHE}/{ORDER.count(name)}.pkl", "rb"))  # ok -- a number picks one of the program's own files


@app.get("/unchecked")
def by_unchecked():
    name = request.args["name"]  # source
    return pickle.load(open(f"{CACHE}/{name}.pkl", "rb"))  # sink: severity=critical -- the name itself
