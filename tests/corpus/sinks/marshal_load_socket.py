import marshal
import socket

srv = socket.create_server(("", 7001))
while True:
    conn, _ = srv.accept()
    fp = conn.makefile("rb")  # source
    code = marshal.load(fp)  # sink: severity=critical
    exec(code, {})
# expect-flow: 7-8
