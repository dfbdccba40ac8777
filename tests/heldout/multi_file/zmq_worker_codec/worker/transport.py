import zmq


class Receiver:
    def __init__(self, endpoint: str):
        self.ctx = zmq.Context.instance()
        self.sock = self.ctx.socket(zmq.PULL)
        self.sock.connect(endpoint)

    def next_message(self):
        header, body = self.sock.recv_multipart()  # source
        return header.decode("ascii"), body

    def close(self):
        self.sock.close(linger=0)
