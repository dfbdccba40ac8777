"""Every decompressor of the catalog labels its step."""
import bz2
import gzip
import io
import lzma
import pickle
import zlib

from flask import Flask, request

app = Flask(__name__)


@app.post("/zlib-decompress")
def restore_zlib_decompress():
    raw = request.get_data()  # source[zlib-decompress]
    blob = zlib.decompress(raw)  # step: zlib-decompressed
    return pickle.loads(blob)  # sink[zlib-decompress]: severity=critical


@app.post("/zlib-decompressobj")
def restore_zlib_decompressobj():
    raw = request.get_data()  # source[zlib-decompressobj]
    blob = zlib.decompressobj(wbits=31).decompress(raw)  # step: zlib-decompressed
    return pickle.loads(blob)  # sink[zlib-decompressobj]: severity=critical


@app.post("/gzip-decompress")
def restore_gzip_decompress():
    raw = request.get_data()  # source[gzip-decompress]
    blob = gzip.decompress(raw)  # step: gzip-decompressed
    return pickle.loads(blob)  # sink[gzip-decompress]: severity=critical


@app.post("/gzip-gzipfile")
def restore_gzip_gzipfile():
    raw = request.get_data()  # source[gzip-gzipfile]
    stream = io.BytesIO(raw)
    archive = gzip.GzipFile(fileobj=stream)  # step: gzip-decompressed
    return pickle.load(archive)  # sink[gzip-gzipfile]: severity=critical


@app.post("/gzip-open")
def restore_gzip_open():
    raw = request.get_data()  # source[gzip-open]
    stream = io.BytesIO(raw)
    archive = gzip.open(stream)  # step: gzip-decompressed
    return pickle.load(archive)  # sink[gzip-open]: severity=critical


@app.post("/bz2-decompress")
def restore_bz2_decompress():
    raw = request.get_data()  # source[bz2-decompress]
    blob = bz2.decompress(raw)  # step: bz2-decompressed
    return pickle.loads(blob)  # sink[bz2-decompress]: severity=critical


@app.post("/bz2-bz2file")
def restore_bz2_bz2file():
    raw = request.get_data()  # source[bz2-bz2file]
    stream = io.BytesIO(raw)
    archive = bz2.BZ2File(stream)  # step: bz2-decompressed
    return pickle.load(archive)  # sink[bz2-bz2file]: severity=critical


@app.post("/bz2-open")
def restore_bz2_open():
    raw = request.get_data()  # source[bz2-open]
    stream = io.BytesIO(raw)
    archive = bz2.open(stream)  # step: bz2-decompressed
    return pickle.load(archive)  # sink[bz2-open]: severity=critical


@app.post("/lzma-decompress")
def restore_lzma_decompress():
    raw = request.get_data()  # source[lzma-decompress]
    blob = lzma.decompress(raw)  # step: lzma-decompressed
    return pickle.loads(blob)  # sink[lzma-decompress]: severity=critical


@app.post("/lzma-lzmafile")
def restore_lzma_lzmafile():
    raw = request.get_data()  # source[lzma-lzmafile]
    stream = io.BytesIO(raw)
    archive = lzma.LZMAFile(stream)  # step: lzma-decompressed
    return pickle.load(archive)  # sink[lzma-lzmafile]: severity=critical


@app.post("/lzma-open")
def restore_lzma_open():
    raw = request.get_data()  # source[lzma-open]
    stream = io.BytesIO(raw)
    archive = lzma.open(stream)  # step: lzma-decompressed
    return pickle.load(archive)  # sink[lzma-open]: severity=critical
