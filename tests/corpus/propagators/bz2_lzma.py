import bz2
import lzma
import pickle

from flask import request


def from_bz2():
    body = request.get_data()  # source[bz]
    data = bz2.decompress(body)
    return pickle.loads(data)  # sink[bz]: severity=critical


def from_xz():
    body = request.get_data()  # source[xz]
    data = lzma.decompress(body, format=lzma.FORMAT_XZ)
    return pickle.loads(data)  # sink[xz]: severity=critical
# expect-flow[bz]: 9-10-11
# expect-flow[xz]: 15-16-17
