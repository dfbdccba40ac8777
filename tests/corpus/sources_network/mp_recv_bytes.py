import pickle
from multiprocessing.connection import Listener


def serve_forever(listener: Listener) -> None:
    while True:
        conn = listener.accept()
        raw = conn.recv_bytes()  # source
        request = pickle.loads(raw)  # sink: severity=critical
        conn.send_bytes(b"ok")
        conn.close()


serve_forever(Listener(("", 6001)))
# expect-flow: 8-9
