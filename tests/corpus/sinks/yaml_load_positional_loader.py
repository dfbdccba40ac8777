import yaml
from flask import request


def import_rules():
    text = request.files["rules"].read()  # source
    rules = yaml.load(text, yaml.Loader)  # sink: severity=critical
    return len(rules)
# expect-flow: 6-7
