import marshal
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", 5005))

while True:
    datagram, peer = sock.recvfrom(65535)  # source
    metrics = marshal.loads(datagram)  # sink: severity=critical
    print(peer, metrics)
# expect-flow: 8-9
