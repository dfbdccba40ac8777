from http.server import BaseHTTPRequestHandler, HTTPServer


class StateHandler(BaseHTTPRequestHandler):
    def do_PUT(self):
        length = int(self.headers.get("Content-Length", 0))
        payload = self.rfile.read(length)  # source
        state = self.load_state(payload)
        self.send_response(200 if state else 400)
        self.end_headers()

    def load_state(self, payload):
        raise NotImplementedError


def serve(handler_class):
    HTTPServer(("127.0.0.1", 8080), handler_class).serve_forever()
