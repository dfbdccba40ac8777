import hashlib
import hmac
import os
import pickle
import socket
import sys

import bottle
from werkzeug.exceptions import abort as werkzeug_abort
from werkzeug.wrappers import Request

KEY = b"replace-me"


def authentic(body: bytes, tag: bytes) -> bool:
    return hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag)


def run_worker(conn: socket.socket):
    frame = conn.recv(1 << 20)
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        sys.exit("unsigned frame")
    return pickle.loads(body)  # ok -- sys.exit() ends the worker first


def run_script(conn: socket.socket):
    frame = conn.recv(1 << 20)
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        exit(2)
    return pickle.loads(body)  # ok -- exit()


def run_console(conn: socket.socket):
    frame = conn.recv(1 << 20)
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        quit(2)
    return pickle.loads(body)  # ok -- quit()


def run_child(conn: socket.socket):
    frame = conn.recv(1 << 20)
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        os._exit(70)
    return pickle.loads(body)  # ok -- os._exit()


def run_strict(conn: socket.socket):
    frame = conn.recv(1 << 20)
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        os.abort()
    return pickle.loads(body)  # ok -- os.abort()


@bottle.post("/jobs")
def bottle_job():
    body = bottle.request.body.read()
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).hexdigest(),
                               bottle.request.get_header("X-Signature", "")):
        bottle.abort(403, "unsigned job")
    return pickle.loads(body)  # ok -- bottle.abort() raises


@Request.application
def wsgi_job(request: Request):
    body = request.get_data()
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).hexdigest(), request.headers.get("X-Signature", "")):
        werkzeug_abort(403)
    return pickle.loads(body)  # ok -- werkzeug's abort() raises


def run_lenient(conn: socket.socket):
    frame = conn.recv(1 << 20)  # source
    tag, body = frame[:32], frame[32:]
    if not hmac.compare_digest(hmac.new(KEY, body, hashlib.sha256).digest(), tag):
        print("unsigned frame")
    return pickle.loads(body)  # sink: severity=critical threat_model=network -- print() returns
