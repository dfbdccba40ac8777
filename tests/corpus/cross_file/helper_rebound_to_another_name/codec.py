import pickle


def restore(blob):
    return pickle.loads(blob)  # sink: severity=critical
