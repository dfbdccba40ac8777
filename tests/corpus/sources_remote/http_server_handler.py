import pickle
from http.server import BaseHTTPRequestHandler, HTTPServer


class RestoreHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        blob = self.rfile.read(length)  # source
        obj = pickle.loads(blob)  # sink: severity=critical threat_model=remote
        self.send_response(200)
        self.end_headers()
        self.wfile.write(repr(obj).encode())


if __name__ == "__main__":
    HTTPServer(("", 8000), RestoreHandler).serve_forever()
# expect-flow: 8-9
