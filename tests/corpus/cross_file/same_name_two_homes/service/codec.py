import pickle


def restore(blob):
    return pickle.loads(blob)  # sink[a]: severity=critical sink[b]: severity=critical
