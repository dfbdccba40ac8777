import socket

import proto.wire.frames


def serve(port: int = 9100):
    srv = socket.create_server(("", port))
    conn, _ = srv.accept()
    frame = conn.recv(1 << 16)  # source
    message = proto.wire.frames.decode_frame(frame)
    conn.sendall(repr(message).encode())
