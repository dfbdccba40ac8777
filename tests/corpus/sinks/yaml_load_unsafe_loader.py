from yaml import UnsafeLoader, load

from flask import request


def import_scene():
    scene = load(request.data, Loader=UnsafeLoader)  # source sink: severity=critical
    return scene
