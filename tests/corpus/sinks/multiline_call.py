import pickle

from flask import request


def restore_layout():
    layout = pickle.loads(  # sink: severity=critical
        request.get_data(),  # source
        encoding="bytes",
    )
    return layout
