# threat-models: library
import pickle

CACHE = b"\x80\x04}\x94."


def _decode(blob):
    return pickle.loads(blob)  # ok -- private helper, only called with a constant


def default_cache():
    return _decode(CACHE)
