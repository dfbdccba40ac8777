import pickle as pk

from flask import request


def restore_cart():
    return pk.loads(request.cookies["cart"].encode())  # source sink: severity=critical
