from bottle import post, request

from codecs_util import *


@post("/config")
def post_config():
    return load_config(request.body.read())  # source
