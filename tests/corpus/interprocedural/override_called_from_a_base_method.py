import json
import pickle
from http.server import BaseHTTPRequestHandler


class PayloadHandler(BaseHTTPRequestHandler):
    """Reads the body and leaves its decoding to subclasses: a call on self reaches every override."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))  # source
        self.apply(self.decode(body))

    def decode(self, body):
        raise NotImplementedError

    def apply(self, state):
        self.send_response(200)
        self.end_headers()


class PickleHandler(PayloadHandler):
    def decode(self, body):
        return pickle.loads(body)  # sink: severity=critical


class JsonHandler(PayloadHandler):
    def decode(self, body):
        return json.loads(body)
