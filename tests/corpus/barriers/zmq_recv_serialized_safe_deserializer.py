import json
import pickle

import zmq

context = zmq.Context()
jobs = context.socket(zmq.PULL)
jobs.bind("tcp://*:5571")
legacy = context.socket(zmq.PULL)
legacy.bind("tcp://*:5572")


def decode_frames(frames):
    return json.loads(frames[0])


while True:
    job = jobs.recv_serialized(lambda frames: json.loads(frames[0]))  # ok -- JSON builds no objects
    other = jobs.recv_serialized(decode_frames)  # ok -- a project function that only parses JSON
    old = legacy.recv_serialized(lambda frames: pickle.loads(frames[0]))  # source sink: severity=critical
