# threat-models: local
import os

import yaml


def load_settings():
    config_path = os.getenv("APP_CONFIG", "/etc/app/config.yaml")  # source
    with open(config_path) as stream:
        return yaml.load(stream, Loader=yaml.Loader)  # sink: severity=medium
# expect-flow: 8-9-10
