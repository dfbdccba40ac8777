import pickle
import zlib


def unpack(payload: bytes):
    return pickle.loads(zlib.decompress(payload))  # sink: severity=critical
