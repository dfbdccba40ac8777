"""codecs, io wrappers and conversions of the catalog label their steps."""
import codecs
import io
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.post("/codecs-decode")
def restore_codecs_decode():
    raw = request.get_data()  # source[codecs-decode]
    blob = codecs.decode(raw, "base64")  # step: decoded with codecs
    return pickle.loads(blob)  # sink[codecs-decode]: severity=critical


@app.post("/codecs-encode")
def restore_codecs_encode():
    text = request.get_data(as_text=True)  # source[codecs-encode]
    blob = codecs.encode(text, "latin-1")  # step: encoded with codecs
    return pickle.loads(blob)  # sink[codecs-encode]: severity=critical


@app.post("/bytesio")
def restore_bytesio():
    raw = request.get_data()  # source[bytesio]
    stream = io.BytesIO(raw)  # step: wrapped in io.BytesIO
    return pickle.load(stream)  # sink[bytesio]: severity=critical


@app.post("/bufferedreader")
def restore_bufferedreader():
    raw = request.get_data()  # source[bufferedreader]
    stream = io.BytesIO(raw)
    reader = io.BufferedReader(stream)  # step: wrapped in io.BufferedReader
    return pickle.load(reader)  # sink[bufferedreader]: severity=critical


@app.post("/stringio")
def restore_stringio():
    text = request.get_data(as_text=True)  # source[stringio]
    document = io.StringIO(text)  # step: wrapped in io.StringIO
    return yaml.load(document, Loader=yaml.Loader)  # sink[stringio]: severity=critical


@app.post("/str-of-bytes")
def restore_str_of_bytes():
    raw = request.get_data()  # source[str-of-bytes]
    document = str(raw, "utf-8")  # step: converted with str()
    return yaml.load(document, Loader=yaml.Loader)  # sink[str-of-bytes]: severity=critical


@app.post("/bytes-of-text")
def restore_bytes_of_text():
    text = request.get_data(as_text=True)  # source[bytes-of-text]
    blob = bytes(text, "latin-1")  # step: converted with bytes()
    return pickle.loads(blob)  # sink[bytes-of-text]: severity=critical


@app.post("/bytearray-copy")
def restore_bytearray_copy():
    raw = request.get_data()  # source[bytearray-copy]
    blob = bytearray(raw)  # step: converted with bytes()
    return pickle.loads(blob)  # sink[bytearray-copy]: severity=critical


@app.post("/memoryview-of-bytes")
def restore_memoryview_of_bytes():
    raw = request.get_data()  # source[memoryview-of-bytes]
    blob = memoryview(raw)  # step: converted with bytes()
    return pickle.loads(blob)  # sink[memoryview-of-bytes]: severity=critical
