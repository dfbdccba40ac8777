import cPickle

from flask import request


def restore():
    return cPickle.loads(request.data)  # source sink: severity=critical
