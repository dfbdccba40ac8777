import base64
import marshal
import pickle

import yaml

DEFAULT_STATE = pickle.dumps({"step": 0, "history": []})
BOOT_CODE = base64.b64decode("4wAAAAAAAAAAAAAAAAAAAAABAAAAQAAAAHMEAAAAZABTAKkBTqkAcgEAAAByAQAAAHIBAAAA+gA=")


def fresh_state():
    return pickle.loads(DEFAULT_STATE)  # ok


def boot():
    return marshal.loads(BOOT_CODE)  # ok


def defaults():
    return yaml.load("retries: 3\ntimeout: 10\n", Loader=yaml.Loader)  # ok
