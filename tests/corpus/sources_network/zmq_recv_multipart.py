import pickle

import zmq


def broker_loop(frontend: "zmq.Socket") -> None:
    while True:
        identity, _empty, payload = frontend.recv_multipart()  # source
        request = pickle.loads(payload)  # sink: severity=critical
        frontend.send_multipart([identity, b"", b"done:" + request.name.encode()])


ctx = zmq.Context.instance()
router = ctx.socket(zmq.ROUTER)
router.bind("tcp://*:5559")
broker_loop(router)
