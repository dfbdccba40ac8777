import pickle
import socketserver


class TelemetryHandler(socketserver.DatagramRequestHandler):
    def handle(self):
        packet = self.rfile.read()  # source
        reading = pickle.loads(packet)  # sink: severity=critical
        print(reading)


class BaseTelemetryHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request  # source[udp]
        reading = pickle.loads(data)  # sink[udp]: severity=critical
        sock.sendto(b"ack", self.client_address)


socketserver.UDPServer(("", 9090), TelemetryHandler).serve_forever()
