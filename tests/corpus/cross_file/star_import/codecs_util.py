import yaml

__all__ = ["load_config"]


def load_config(text):
    return yaml.load(text, Loader=yaml.Loader)  # sink: severity=critical
