# CVE-2024-11041 (vLLM MessageQueue.dequeue): messages that overflow the shared-memory ring, and every
# message for remote readers, come in over ZeroMQ and go straight into pickle.loads().
import pickle
from contextlib import contextmanager

from zmq import SUB, SUBSCRIBE, Context


class MessageQueue:
    def __init__(self, local_subscribe_addr: str, remote_subscribe_addr: str, is_local_reader: bool):
        context = Context()
        self._is_local_reader = is_local_reader
        self.local_socket = context.socket(SUB)
        self.local_socket.setsockopt_string(SUBSCRIBE, "")
        self.local_socket.connect(local_subscribe_addr)
        self.remote_socket = context.socket(SUB)
        self.remote_socket.setsockopt_string(SUBSCRIBE, "")
        self.remote_socket.connect(remote_subscribe_addr)
        self._ring = bytearray(1 << 20)

    @contextmanager
    def acquire_read(self):
        yield memoryview(self._ring)

    def dequeue(self):
        if self._is_local_reader:
            with self.acquire_read() as buf:
                overflow = buf[0] == 1
            if overflow:
                frame = self.local_socket.recv()  # source[local]
                obj = pickle.loads(frame)  # sink[local]: severity=critical
            else:
                obj = None
        else:
            recv = self.remote_socket.recv()  # source[remote]
            obj = pickle.loads(recv)  # sink[remote]: severity=critical threat_model=network
        return obj
# expect-flow[local]: 30-31
# expect-flow[remote]: 35-36
