import base64
import pickle
import socketserver


class JobHandler(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:  # source
            job = pickle.loads(base64.b64decode(line.strip()))  # sink: severity=critical threat_model=network
            self.wfile.write(b"accepted %d\n" % job["id"])


if __name__ == "__main__":
    with socketserver.ThreadingTCPServer(("", 8765), JobHandler) as server:
        server.serve_forever()
# expect-flow: 8-9
