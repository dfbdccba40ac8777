import hashlib
import hmac
import socketserver

import cloudpickle

AUTH_KEY = b"cluster-shared-secret"


class TaskHandler(socketserver.StreamRequestHandler):
    def handle(self):
        tag = self.rfile.read(32)
        body = self.rfile.read()  # source
        task = cloudpickle.loads(body)  # sink: severity=critical
        if not hmac.compare_digest(tag, hmac.new(AUTH_KEY, body, hashlib.sha256).digest()):
            raise PermissionError("unsigned task")
        self.wfile.write(repr(task()).encode())
