import socket

import cloudpickle


def serve_tasks(listener: socket.socket):
    conn, _ = listener.accept()
    stream = conn.makefile("rb")  # source
    unpickler = cloudpickle.Unpickler(stream)
    task = unpickler.load()  # sink: severity=critical threat_model=network
    return task()


def builtin_task():
    with open("/opt/worker/builtin_task.pkl", "rb") as fh:
        unpickler = cloudpickle.Unpickler(fh)
        return unpickler.load()  # ok -- the worker's own file
# expect-flow: 8-9-10
