import yaml
from flask import request


def load_theme():
    raw_theme = request.form.get("theme")  # source
    return yaml.unsafe_load(raw_theme)  # sink: severity=critical
# expect-flow: 6-7
