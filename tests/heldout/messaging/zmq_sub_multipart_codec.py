# ZeroMQ SUB socket: (topic, payload) frames; the payload goes through a module-level codec function.
import pickle
import zlib

import zmq


def _unpack(payload: bytes, compressed: bool = True):
    data = zlib.decompress(payload) if compressed else payload
    return pickle.loads(data)  # sink: severity=critical


def listen(endpoint: str = "tcp://market-data:5556"):
    ctx = zmq.Context.instance()
    sub = ctx.socket(zmq.SUB)
    sub.connect(endpoint)
    sub.setsockopt(zmq.SUBSCRIBE, b"quotes.")
    while True:
        topic, payload = sub.recv_multipart()  # source
        quote = _unpack(payload)
        print(topic.decode(), quote)
# expect-flow: 19-20-8-9-10
