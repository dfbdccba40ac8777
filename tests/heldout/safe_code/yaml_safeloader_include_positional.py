# A SafeLoader subclass with an !include constructor, passed positionally to yaml.load().
import os

import yaml
from flask import Flask, request

app = Flask(__name__)
TEMPLATES = "/etc/app/templates"


class IncludeLoader(yaml.SafeLoader):
    pass


def _include(loader, node):
    name = os.path.basename(loader.construct_scalar(node))
    with open(os.path.join(TEMPLATES, name)) as fh:
        return yaml.load(fh, IncludeLoader)  # ok -- SafeLoader subclass


IncludeLoader.add_constructor("!include", _include)


@app.post("/render")
def render():
    spec = yaml.load(request.get_data(as_text=True), IncludeLoader)  # ok -- SafeLoader subclass
    return {"keys": sorted(spec)}
