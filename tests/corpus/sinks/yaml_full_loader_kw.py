import yaml
from flask import request


def load_dashboard():
    return yaml.load(request.get_data(), Loader=yaml.FullLoader)  # source sink: severity=critical
