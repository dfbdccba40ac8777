from binascii import a2b_hex
from pickle import loads

from flask import request


def restore():
    return loads(a2b_hex(request.args["s"]))  # source sink: severity=critical
