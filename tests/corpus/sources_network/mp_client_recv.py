import multiprocessing.connection


def fetch_result(host: str, port: int):
    conn = multiprocessing.connection.Client((host, port))
    conn.send({"op": "result"})
    result = conn.recv()  # source sink: severity=critical
    conn.close()
    return result
