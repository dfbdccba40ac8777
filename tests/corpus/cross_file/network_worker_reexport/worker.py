import zmq

from handlers import dispatch

ctx = zmq.Context()
sock = ctx.socket(zmq.PULL)
sock.connect("tcp://broker:5555")

while True:
    kind, payload = sock.recv_multipart()  # source
    dispatch(kind.decode(), payload)
