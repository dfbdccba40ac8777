# socketserver with a length-prefixed framing helper that loops over recv().
import pickle
import socketserver
import struct


def _recv_exact(sock, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))  # source
        if not chunk:
            raise ConnectionError("peer closed")
        buf += chunk
    return bytes(buf)


class RpcHandler(socketserver.BaseRequestHandler):
    def handle(self):
        (length,) = struct.unpack("!I", _recv_exact(self.request, 4))
        body = _recv_exact(self.request, length)
        method, args = pickle.loads(body)  # sink: severity=critical threat_model=network
        result = getattr(self.server.api, method)(*args)
        reply = pickle.dumps(result)
        self.request.sendall(struct.pack("!I", len(reply)) + reply)


class RpcServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    allow_reuse_address = True

    def __init__(self, address, api):
        super().__init__(address, RpcHandler)
        self.api = api
# expect-flow: 10-13-14-20-21
