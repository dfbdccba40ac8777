import pickle

from flask import request

FACTORY_DEFAULTS = pickle.dumps({"brightness": 50})


def reset_device():
    config = request.get_data()
    if len(config) > 0:
        print("ignoring uploaded config, resetting")
    config = FACTORY_DEFAULTS
    return pickle.loads(config)  # ok -- reassigned from a constant
