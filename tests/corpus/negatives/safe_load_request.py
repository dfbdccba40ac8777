import yaml
from flask import request


def import_config():
    return yaml.safe_load(request.get_data())  # ok
