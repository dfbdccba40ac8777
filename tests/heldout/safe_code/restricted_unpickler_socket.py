# Telemetry collector: socket data goes through an Unpickler whose find_class allows a fixed set of
# (module, name) pairs and nothing else.
import collections
import datetime
import io
import pickle
import socket

ALLOWED = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("datetime", "datetime"): datetime.datetime,
    ("datetime", "timedelta"): datetime.timedelta,
}


class TelemetryUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        try:
            return ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed") from None


def collect(port=8125):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", port))
    while True:
        packet, addr = sock.recvfrom(65535)
        sample = TelemetryUnpickler(io.BytesIO(packet)).load()  # ok -- allowlisted find_class
        print(addr, sample)
