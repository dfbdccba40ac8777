import binascii
import pickle
import socket


def receive(conn: socket.socket):
    line = conn.recv(8192)  # source
    decoded = binascii.a2b_base64(line)
    return pickle.loads(decoded)  # sink: severity=critical threat_model=network
# expect-flow: 7-8-9
