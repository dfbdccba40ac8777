# ZeroMQ frames produced by a generator and consumed in a for loop.
import pickle

import zmq


def frames(sock):
    while True:
        yield sock.recv()  # source


def run(endpoint="tcp://0.0.0.0:7001"):
    ctx = zmq.Context()
    pull = ctx.socket(zmq.PULL)
    pull.bind(endpoint)
    for frame in frames(pull):
        task = pickle.loads(frame)  # sink: severity=critical
        task()
# expect-flow: 9-16-17
