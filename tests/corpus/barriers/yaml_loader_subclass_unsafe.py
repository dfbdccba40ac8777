import yaml
from flask import request


class EnvLoader(yaml.Loader):
    """Full loader that also understands !env tags."""


def load_settings():
    return yaml.load(request.get_data(), Loader=EnvLoader)  # source sink: severity=critical
