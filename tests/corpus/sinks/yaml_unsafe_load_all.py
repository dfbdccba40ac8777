import yaml
from flask import request


def load_steps():
    return [step for step in yaml.unsafe_load_all(request.data)]  # source sink: severity=critical
