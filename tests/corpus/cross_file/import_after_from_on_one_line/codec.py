import pickle


def decode(blob):
    return pickle.loads(blob)  # sink: severity=critical
