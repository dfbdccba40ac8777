import pickle
import socket


def accept_commands(port=7000):
    server = socket.create_server(("", port))
    while True:
        client, address = server.accept()
        stream = client.makefile("rb")  # source
        command = pickle.load(stream)  # sink: severity=critical
        client.close()
        yield address, command
# expect-flow: 9-10
