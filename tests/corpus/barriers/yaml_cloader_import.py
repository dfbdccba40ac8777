import yaml
from flask import request

try:
    from yaml import CSafeLoader as FastSafeLoader
except ImportError:
    from yaml import SafeLoader as FastSafeLoader


def load_pipeline():
    return yaml.load(request.data, Loader=FastSafeLoader)  # ok
