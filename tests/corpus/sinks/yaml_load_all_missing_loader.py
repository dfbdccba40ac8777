import yaml
from flask import request


def bulk_import():
    for doc in yaml.load_all(request.stream):  # source sink: severity=critical
        print(doc)
