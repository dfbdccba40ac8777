import zmq


def run_worker(endpoint="tcp://127.0.0.1:5560"):
    context = zmq.Context()
    sock = context.socket(zmq.REP)
    sock.bind(endpoint)
    while True:
        params = sock.recv_pyobj()  # source sink: severity=critical threat_model=network
        sock.send_pyobj({"echo": params})
