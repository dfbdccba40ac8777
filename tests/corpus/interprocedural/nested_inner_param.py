import yaml
from flask import request


def import_pipeline():
    def parse(text):
        return yaml.load(text, Loader=yaml.UnsafeLoader)  # sink: severity=critical

    return parse(request.get_data(as_text=True))  # source
