import pickle

_BLOBS = {}


def store_blob(key, blob):
    _BLOBS[key] = blob


def load_blob(blob):
    return pickle.loads(blob)  # sink: severity=high
