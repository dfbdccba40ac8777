import pickle
import socket


class PeerSession:
    def __init__(self, conn: socket.socket):
        self.conn = conn
        self.last_frame = b""

    def pump(self):
        self.last_frame = self.conn.recv(65536)  # source

    def state(self):
        return pickle.loads(self.last_frame)  # sink: severity=critical


def serve(listener: socket.socket):
    conn, _ = listener.accept()
    session = PeerSession(conn)
    session.pump()
    return session.state()
