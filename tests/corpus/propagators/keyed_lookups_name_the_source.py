# threat-models: remote,local
import base64
import os
import pickle

import bottle
import falcon
import tornado.web
from flask import Flask, request

app = Flask(__name__)


@app.post("/flask/get")
def flask_get():
    state = request.args.get("state", "")  # source[get] step: the query parameter state
    return pickle.loads(base64.b64decode(state))  # sink[get]: severity=critical


@app.post("/flask/getlist")
def flask_getlist():
    states = request.args.getlist("state")  # source[getlist] step: the query parameter state
    return [pickle.loads(base64.b64decode(s)) for s in states]  # sink[getlist]: severity=critical


@app.post("/flask/pop")
def flask_pop():
    state = request.get_json().pop("state")  # source[pop] step: the field state of the JSON request body
    return pickle.loads(base64.b64decode(state))  # sink[pop]: severity=critical


@bottle.post("/bottle")
def bottle_state():
    header = bottle.request.get_header("X-State")  # source[get-header] step: an HTTP header (X-State)
    cookie = bottle.request.get_cookie("state")  # source[get-cookie] step: the cookie state
    pickle.loads(base64.b64decode(header))  # sink[get-header]: severity=critical
    return pickle.loads(base64.b64decode(cookie))  # sink[get-cookie]: severity=critical


class StateResource:
    def on_post(self, req: falcon.Request, resp: falcon.Response):
        state = req.get_param("state")  # source[get-param] step: the query parameter state
        resp.media = pickle.loads(base64.b64decode(state))  # sink[get-param]: severity=critical


class StateHandler(tornado.web.RequestHandler):
    def post(self):
        any_part = self.get_argument("state")  # source[get-argument] step: the request parameter state
        body_part = self.get_body_argument("state")  # source[get-body-argument] step: the form field state
        query_part = self.get_query_argument("state")  # source[get-query-argument] step: the query parameter state
        pickle.loads(base64.b64decode(any_part))  # sink[get-argument]: severity=critical
        pickle.loads(base64.b64decode(body_part))  # sink[get-body-argument]: severity=critical
        pickle.loads(base64.b64decode(query_part))  # sink[get-query-argument]: severity=critical


def bootstrap():
    state = os.getenv("BOOTSTRAP_STATE", "")  # source[getenv] step: the environment variable BOOTSTRAP_STATE
    return pickle.loads(base64.b64decode(state))  # sink[getenv]: severity=medium
