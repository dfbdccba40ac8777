import socketserver
import zlib

import dill


class ObjectHandler(socketserver.BaseRequestHandler):
    def handle(self):
        compressed = self.request.recv(1 << 20)  # source
        obj = dill.loads(zlib.decompress(compressed))  # sink: severity=critical
        self.request.sendall(repr(obj).encode())


server = socketserver.TCPServer(("127.0.0.1", 9000), ObjectHandler)
# expect-flow: 9-10
