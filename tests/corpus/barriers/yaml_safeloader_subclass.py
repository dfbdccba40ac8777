import yaml
from flask import request


class EnvLoader(yaml.SafeLoader):
    """SafeLoader that also understands !env tags."""


def _env_constructor(loader, node):
    import os

    return os.environ.get(loader.construct_scalar(node), "")


EnvLoader.add_constructor("!env", _env_constructor)


def load_settings():
    return yaml.load(request.get_data(), Loader=EnvLoader)  # ok -- subclass of SafeLoader
