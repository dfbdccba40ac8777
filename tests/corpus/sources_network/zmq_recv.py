import pickle

import zmq

ctx = zmq.Context()
worker = ctx.socket(zmq.PULL)
worker.connect("tcp://scheduler:5557")

while True:
    raw_task = worker.recv()  # source
    task = pickle.loads(raw_task)  # sink: severity=critical threat_model=network
    task.run()
# expect-flow: 10-11
