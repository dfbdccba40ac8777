import pickle

import zmq

context = zmq.Context()
pull = context.socket(zmq.PULL)
pull.bind("tcp://*:5570")

while True:
    batch = pull.recv_serialized(pickle.loads)  # source sink: severity=critical
    print(len(batch))
