import pickle


def restore_snapshot(blob):
    return pickle.loads(blob)  # sink: severity=critical
