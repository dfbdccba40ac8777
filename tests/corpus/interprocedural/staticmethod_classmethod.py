import pickle

from flask import request


class Checkpoint:
    def __init__(self, state):
        self.state = state

    @staticmethod
    def _unpickle(blob):
        return pickle.loads(blob)  # sink: severity=critical

    @classmethod
    def from_bytes(cls, blob):
        return cls(cls._unpickle(blob))


def upload():
    ckpt = Checkpoint.from_bytes(request.get_data())  # source
    return ckpt.state
