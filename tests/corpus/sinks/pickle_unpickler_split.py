import io
import pickle

from flask import request


def restore_graph():
    stream = io.BytesIO(request.get_data())  # source
    unpickler = pickle.Unpickler(stream)
    graph = unpickler.load()  # sink: severity=critical
    return graph
