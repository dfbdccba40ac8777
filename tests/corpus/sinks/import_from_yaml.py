from flask import request
from yaml import Loader, load as yaml_load


def import_config():
    cfg_text = request.form["config"]  # source
    return yaml_load(cfg_text, Loader=Loader)  # sink: severity=critical
# expect-flow: 6-7
