import socket

import cloudpickle


def worker(sock: socket.socket):
    conn, _ = sock.accept()
    with conn.makefile("rb") as reader:  # source
        task = cloudpickle.load(reader)  # sink: severity=critical
    return task()
# expect-flow: 8-9
