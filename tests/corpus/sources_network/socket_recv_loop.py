import pickle
import socket

HOST, PORT = "0.0.0.0", 9999


def serve():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as srv:
        srv.bind((HOST, PORT))
        srv.listen()
        conn, _addr = srv.accept()
        with conn:
            buf = b""
            while True:
                chunk = conn.recv(4096)  # source
                if not chunk:
                    break
                buf += chunk
            job = pickle.loads(buf)  # sink: severity=critical threat_model=network
            conn.sendall(b"ok " + str(job["id"]).encode())
# expect-flow: 15-18-19
