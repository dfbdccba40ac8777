from multiprocessing.connection import Listener

address = ("0.0.0.0", 6000)

with Listener(address, authkey=None) as listener:
    with listener.accept() as conn:
        while True:
            msg = conn.recv()  # source sink: severity=critical threat_model=network
            if msg == "close":
                break
            print("received", msg)
